"""nnbasics.prose: the formatting of glued numbers, and glue outside the book's environment."""

from __future__ import annotations

import sys

import pytest

from nnbasics.prose import approx, glue, sci


@pytest.mark.parametrize(
    ("x", "digits", "expected"),
    [(1.34e-5, 1, "1.3 × 10⁻⁵"), (-2.5e12, 2, "-2.50 × 10¹²"), (0.2071, 1, "0.21"), (999.7, 1, "1.0 × 10³"),
     (1000.0, 1, "1.0 × 10³"), (0.0099, 0, "1 × 10⁻²"), (0.0, 1, "0.0")],
)
def test_sci(x, digits, expected):
    assert sci(x, digits) == expected


@pytest.mark.parametrize(
    ("x", "significant", "expected"),
    [(9361.7, 2, "9\u202f400"), (373.2, 3, "373"), (0.012345, 3, "0.0123"), (-1491.5, 2, "-1\u202f500"),
     (0.0, 2, "0"), (12.0, 1, "10")],
)
def test_approx(x, significant, expected):
    assert approx(x, significant) == expected


@pytest.mark.parametrize(
    ("call", "match"),
    [(lambda: sci(float("nan")), r"'x' parameter of sci must be finite\. Got nan"),
     (lambda: sci(1.0, -1), r"'digits' parameter of sci must be in the range \[0, 16\]\. Got -1"),
     (lambda: approx(float("inf")), r"'x' parameter of approx must be finite\. Got inf"),
     (lambda: approx(1.0, 0), r"'significant' parameter of approx must be in the range \[1, 17\]\. Got 0"),
     (lambda: glue("not a name", 1.0),
      r"'name' parameter of glue must be a Python identifier\. Got 'not a name'")],
)
def test_bad_input_is_named(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_glue_without_myst_nb_is_a_quiet_no_op(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "myst_nb", None)  # import fails, as on a machine without it
    assert glue("ratio", 373.2, ".0f") is None
    assert capsys.readouterr().out == ""


def test_glue_hands_the_formatted_text_to_myst_nb(monkeypatch):
    import myst_nb

    seen = []
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display: seen.append((name, value, display)))
    glue("ratio", 373.2, ".0f")
    glue("label", "0.1 to 0.2")
    assert seen == [("ratio", "373", False), ("label", "0.1 to 0.2", False)]
