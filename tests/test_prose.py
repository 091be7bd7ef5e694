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


def test_glue_without_ipython_is_a_quiet_no_op(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "IPython.display", None)  # import fails, as outside Jupyter
    assert glue("ratio", 373.2, ".0f") is None
    assert capsys.readouterr().out == ""


def test_glue_sends_what_myst_nb_glue_sends(monkeypatch):
    """The same display call as myst_nb.glue(name, text, display=False), which the book's build reads."""
    import IPython.display
    import myst_nb.ext.glue

    ours, theirs = [], []
    monkeypatch.setattr(IPython.display, "display", lambda *a, **kw: ours.append((a, kw)))
    monkeypatch.setattr(myst_nb.ext.glue, "ipy_display", lambda *a, **kw: theirs.append((a, kw)))
    glue("ratio", 373.2, ".0f")
    glue("label", "0.1 to 0.2")
    myst_nb.ext.glue.glue("ratio", "373", display=False)
    myst_nb.ext.glue.glue("label", "0.1 to 0.2", display=False)
    assert ours == theirs and len(ours) == 2
    assert ours[0][0][0] == {"application/papermill.record/text/plain": "'373'"}
