"""Re-execute notebooks and keep only what nbval checks, so committed notebooks stay small.

Usage: python tools/refresh_notebooks.py book/*.ipynb   (or `make notebooks`)

Outputs are kept for cells marked ``# NBVAL_CHECK_OUTPUT`` (text only: streams, text/plain results, and
the text a cell glues for the prose with ``nnbasics.prose.glue``, so nbval re-checks it); every other output (figures, widgets) is dropped, as is saved widget state. The book build and nbval both
re-execute the notebooks, so nothing is lost.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

MARK = "NBVAL_CHECK_OUTPUT"
GLUE_TEXT = "application/papermill.record/text/plain"  # what myst-nb's glue(..., display=False) emits


def refresh(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    os.environ["NNBASICS_STATIC"] = "0"
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if MARK in cell.source:
            kept = []
            for out in cell.outputs:
                if out.output_type == "stream":
                    kept.append(out)
                elif out.output_type == "execute_result" and "text/plain" in out.data:
                    out.data = {"text/plain": out.data["text/plain"]}
                    kept.append(out)
                elif out.output_type == "display_data" and GLUE_TEXT in out.data:
                    out.data = {GLUE_TEXT: out.data[GLUE_TEXT]}
                    kept.append(out)
            cell.outputs = kept
        else:
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nbformat.write(nb, path)
    print(f"{path}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        refresh(Path(arg))
