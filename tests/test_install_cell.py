"""The first cell of every chapter installs nnbasics only when it is missing, and only from the book's repo.

A chapter downloaded from the rendered book must run elsewhere, so its first cell installs ``nnbasics``
from the repository named in ``_config.yml`` (never by bare name from a package index). In the book's
build, its tests and Binder, ``nnbasics`` is importable and the cell must do nothing at all: no pip, no
network. Also checked: Binder's requirements agree with the project's pins.
"""

from __future__ import annotations

import importlib.util
import re
import socket
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import install_cell  # noqa: E402  (tools/ is not a package)

CHAPTERS = sorted((ROOT / "book").glob("*.ipynb"))


def _run_cell(source: str) -> None:
    exec(compile(source, "<install cell>", "exec"), {"__name__": "__main__"})


@pytest.fixture
def no_pip_no_network(monkeypatch):
    """Any attempt to run pip or open a socket fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"the install cell tried to run {args!r}")

    monkeypatch.setattr(subprocess, "check_call", refuse)
    monkeypatch.setattr(subprocess, "run", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture
def pip_calls(monkeypatch):
    """Pretend nnbasics is missing; record what pip would be asked to do instead of running it."""
    calls = []
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "nnbasics" else real_find_spec(name, *a))
    monkeypatch.setattr(subprocess, "check_call", lambda argv, **kwargs: calls.append(argv))
    return calls


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_chapter_starts_with_the_install_cell(path):
    first = nbformat.read(path, as_version=4).cells[0]
    assert first.cell_type == "code"
    assert first.source == install_cell.install_cell_source(), "run python tools/install_cell.py book/*.ipynb"
    assert first.metadata.get("tags") == ["remove-cell"]  # not shown on the rendered page


def test_the_cell_does_nothing_when_nnbasics_is_importable(no_pip_no_network):
    assert importlib.util.find_spec("nnbasics") is not None
    for url in ("", "git+https://example.org/someone/nnbasics@main"):
        _run_cell(install_cell.install_cell_source(url))


def test_the_cell_installs_from_the_configured_repository_never_by_bare_name(pip_calls):
    _run_cell(install_cell.install_cell_source("git+https://example.org/someone/nnbasics@main"))
    assert len(pip_calls) == 1
    argv = pip_calls[0]
    assert argv[:4] == [sys.executable, "-m", "pip", "install"]
    assert argv[-1] == "nnbasics[book] @ git+https://example.org/someone/nnbasics@main"
    assert "nnbasics" not in argv and "nnbasics[book]" not in argv  # no bare name for an index to resolve


def test_the_cell_explains_itself_when_no_repository_is_configured(pip_calls):
    with pytest.raises(ModuleNotFoundError, match=r"names no repository.*make lab"):
        _run_cell(install_cell.install_cell_source(""))
    assert pip_calls == []


@pytest.mark.parametrize(
    ("repository", "expected"),
    [('repository:\n  url: ""\n  branch: main\n', ""),
     ("repository:\n  url: https://github.com/me/nnbasics  # mine\n  branch: main\n",
      "git+https://github.com/me/nnbasics@main"),
     ('repository:\n  url: "https://gitlab.com/me/nnbasics"\n', "git+https://gitlab.com/me/nnbasics")],
)
def test_pip_source_follows_config(tmp_path, repository, expected):
    config = tmp_path / "_config.yml"
    config.write_text(f"title: x\nlaunch_buttons:\n  url: wrong\n{repository}sphinx:\n  config: {{}}\n")
    assert install_cell.pip_source(config) == expected


def test_install_cell_tool_inserts_then_accepts(tmp_path):
    path = tmp_path / "chapter.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A chapter")]), path)
    assert not install_cell.update(path, check=True)
    assert not install_cell.update(path)  # inserted
    assert install_cell.update(path, check=True)
    nb = nbformat.read(path, as_version=4)
    assert [c.cell_type for c in nb.cells] == ["code", "markdown"]


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line)
        if match:
            pins[match.group(1).lower()] = match.group(2)
    return pins


def test_binder_pins_agree_with_the_project():
    binder, project = _pins(ROOT / "binder" / "requirements.txt"), _pins(ROOT / "requirements.txt")
    assert binder, "binder/requirements.txt pins nothing"
    assert {name: project.get(name) for name in binder} == binder
    assert "pip install --no-deps ." in (ROOT / "binder" / "postBuild").read_text()


def test_launch_buttons_stay_inert_until_the_repository_is_set():
    sys.path.insert(0, str(ROOT / "_ext"))
    from nnbasics_book import _launch_buttons_need_a_repository

    class Config:
        def __init__(self, url):
            self.html_theme_options = {"repository_url": url, "launch_buttons": {"binderhub_url": "x"}}

    empty, set_ = Config(""), Config("https://github.com/me/nnbasics")
    _launch_buttons_need_a_repository(None, empty)
    _launch_buttons_need_a_repository(None, set_)
    assert "launch_buttons" not in empty.html_theme_options
    assert set_.html_theme_options["launch_buttons"] == {"binderhub_url": "x"}
