"""Time every live figure of the book the way a reader's kernel updates it.

For each notebook in book/, run its code (as a kernel would, with NNBASICS_STATIC=0) and collect every
:class:`nnbasics.widgets.LiveFigure` it creates. Then, for each figure, move random controls to values
not shown before and time the whole update a reader waits for: the control's change event, the render
(compute + drawing, blitted for `Layered` renders) and the PNG encoding that the browser receives.
The `create` column is what running the cell costs (it draws the backgrounds of Layered renders).

Peer, run side by side on the same frames: the same figure drawn from scratch by Matplotlib and saved
with its default full-colour PNG writer, which is what redrawing with `interact` + `plt.show` costs on
every update. `p95 ratio` is ours / peer; the KB columns compare the bytes per frame.

Usage: python benchmarks/widget_update.py [--updates 40] [--seed 0]   (or `make benchmark`)
Target: p95 <= 100 ms per update on a 2-core machine.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

os.environ["NNBASICS_STATIC"] = "0"
os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).resolve().parents[1]


def collect_figures(notebook: Path) -> list:
    """Execute a notebook's code cells in-process and return the LiveFigures it made."""
    import nnbasics.widgets as nw

    made = []
    original = nw.LiveFigure.__init__

    def recording_init(self, *args, **kwargs):
        t0 = time.perf_counter()
        original(self, *args, **kwargs)
        self.create_ms = (time.perf_counter() - t0) * 1e3  # what running the cell costs
        made.append(self)

    nw.LiveFigure.__init__ = recording_init
    try:
        cells = json.loads(notebook.read_text())["cells"]
        namespace: dict = {"__name__": "__main__"}
        cwd = os.getcwd()
        os.chdir(notebook.parent)
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # the notebook's prints are not the benchmark's
                for cell in [c for c in cells if c["cell_type"] == "code"]:
                    exec(compile("".join(cell["source"]), notebook.name, "exec"), namespace)
        finally:
            os.chdir(cwd)
    finally:
        nw.LiveFigure.__init__ = original
    return made


def peer_png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80)
    return buf.getvalue()


def bench_figure(view, n_updates: int, rng: random.Random) -> dict:
    ours, peer, sizes_ours, sizes_peer = [], [], [], []
    for _ in range(n_updates):
        name = rng.choice(view.names)
        ctrl = view.controls[name]
        options = [i for i in range(len(ctrl.options)) if i != ctrl.index]
        target = rng.choice(options)
        # Forget the frame we go to, so the update really redraws it (a reader's first visit).
        view._cache.pop(tuple(target if n == name else int(view.controls[n].index) for n in view.names), None)
        t0 = time.perf_counter()
        ctrl.index = target                    # fires the same observer a reader's slider fires
        view.wait()                            # the background thread has drawn and shown the frame
        ours.append(time.perf_counter() - t0)
        sizes_ours.append(len(view.image.value))
        t0 = time.perf_counter()
        png = peer_png(view._render(**view.values))
        peer.append(time.perf_counter() - t0)
        sizes_peer.append(len(png))
    ours_ms, peer_ms = np.array(ours) * 1e3, np.array(peer) * 1e3
    return {
        "p50": np.percentile(ours_ms, 50), "p95": np.percentile(ours_ms, 95),
        "peer_p50": np.percentile(peer_ms, 50), "peer_p95": np.percentile(peer_ms, 95),
        "kb": np.mean(sizes_ours) / 1024, "peer_kb": np.mean(sizes_peer) / 1024,
        "frames": view.frame_count, "create": view.create_ms,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=40, help="updates timed per figure")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--target-ms", type=float, default=100.0)
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    notebooks = args.notebooks or sorted((ROOT / "book").glob("*.ipynb"))
    rng = random.Random(args.seed)

    print(f"{'figure':<34}{'frames':>7}{'create':>8}{'p50 ms':>9}{'p95 ms':>9}{'peer p50':>10}{'peer p95':>10}"
          f"{'p95 ratio':>10}{'KB':>7}{'peer KB':>9}")
    worst = 0.0
    for nb_path in notebooks:
        for k, view in enumerate(collect_figures(nb_path)):
            r = bench_figure(view, args.updates, rng)
            worst = max(worst, r["p95"])
            label = f"{nb_path.stem}[{k}] ({', '.join(view.names)})"
            print(f"{label[:33]:<34}{r['frames']:>7}{r['create']:>8.0f}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['peer_p50']:>10.1f}"
                  f"{r['peer_p95']:>10.1f}{r['p95'] / r['peer_p95']:>10.2f}{r['kb']:>7.1f}{r['peer_kb']:>9.1f}")
    verdict = "meets" if worst <= args.target_ms else "MISSES"
    print(f"\nworst p95: {worst:.1f} ms, {verdict} the {args.target_ms:.0f} ms target "
          f"(ratio < 1: faster than the peer; sizes are per frame)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
