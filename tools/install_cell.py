"""The first cell of every chapter: install nnbasics when it is missing, from this book's own repository.

Usage: python tools/install_cell.py [--check] book/*.ipynb

A notebook downloaded from the rendered book must run elsewhere (Colab, a laptop): its first cell
installs ``nnbasics`` with pip **from the git repository named in** ``_config.yml``
(``repository.url`` and ``repository.branch``), never by bare name from a package index, where anyone
could publish a package called ``nnbasics``. Where ``nnbasics`` is importable (the book's build, its
tests, Binder, a clone with ``make lab``) the cell only asks Python whether the module exists: no pip,
no network. It is tagged ``remove-cell``, so the rendered page does not show it.

Without ``--check`` this rewrites the first cell of each notebook (inserting it if the notebook does not
start with it). With ``--check`` it only reports notebooks whose first cell differs (exit status 1).
Run it after changing ``repository.url``; ``tests/test_install_cell.py`` fails until you do.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
TAG = "remove-cell"
FIRST_LINE = "# Install nnbasics, the book's library, if it is missing"

TEMPLATE = '''\
# Install nnbasics, the book's library, if it is missing (e.g. when this notebook runs outside the
# book's repository). It installs from the book's own git repository, never by bare name from PyPI.
# Where nnbasics is already importable this cell does nothing and touches no network.
import importlib.util
import subprocess
import sys

NNBASICS_SOURCE = {source!r}  # from repository.url in the book's _config.yml
if importlib.util.find_spec("nnbasics") is None:
    if not NNBASICS_SOURCE:
        raise ModuleNotFoundError(
            "nnbasics is not installed and this copy of the book names no repository to install it "
            "from. Clone the book's repository and run `make lab` (or `pip install -e .[book]`).")
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet",
                           f"nnbasics[book] @ {{NNBASICS_SOURCE}}"])
'''


def _config_value(config: str, section: str, key: str) -> str:
    """``section.key`` of a flat two-level YAML mapping (enough for _config.yml, without a YAML parser)."""
    block = re.search(rf"^{section}:\s*\n((?:[ \t]+.*\n?|\s*\n)*)", config, re.M)
    if block is None:
        return ""
    value = re.search(rf"^[ \t]+{key}:[ \t]*(.*?)[ \t]*(#.*)?$", block.group(1), re.M)
    return value.group(1).strip().strip("\"'") if value else ""


def pip_source(config_path: Path = ROOT / "_config.yml") -> str:
    """``git+<repository.url>@<repository.branch>``, or ``""`` when no repository URL is configured."""
    config = config_path.read_text(encoding="utf-8")
    url = _config_value(config, "repository", "url")
    if not url:
        return ""
    branch = _config_value(config, "repository", "branch")
    return f"git+{url}" + (f"@{branch}" if branch else "")


def install_cell_source(source: str | None = None) -> str:
    return TEMPLATE.format(source=pip_source() if source is None else source)


def _is_install_cell(cell) -> bool:
    return cell.cell_type == "code" and cell.source.startswith(FIRST_LINE)


def update(path: Path, check: bool = False) -> bool:
    """Make the first cell of ``path`` the install cell; return True if it already was."""
    nb = nbformat.read(path, as_version=4)
    wanted = install_cell_source()
    first = nb.cells[0] if nb.cells else None
    if first is not None and _is_install_cell(first) and first.source == wanted \
            and first.metadata.get("tags") == [TAG]:
        return True
    if check:
        return False
    cell = nbformat.v4.new_code_cell(wanted, metadata={"tags": [TAG]})
    if first is not None and _is_install_cell(first):
        nb.cells[0] = cell
    else:
        nb.cells.insert(0, cell)
    nbformat.write(nb, path)
    return False


if __name__ == "__main__":
    args = sys.argv[1:]
    check = "--check" in args
    stale = [p for p in (Path(a) for a in args if a != "--check") if not update(p, check=check)]
    for path in stale:
        print(f"{path}: first cell {'differs from' if check else 'rewritten to'} the install cell")
    sys.exit(1 if check and stale else 0)
