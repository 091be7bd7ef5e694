"""Cost of one decision-boundary frame of the playground figure (nnbasics.plotting.boundaries).

The classifier is a stand-in with the cost of a small MLP (2-16-16-1, tanh, random weights; the book's
MLPClassifier is not needed to time the drawing), one set of weights per "epoch" so that every frame
differs. For each grid resolution it times, over --frames frames:

* grid    : probability_grid on the resolution x resolution grid (what a chapter caches per snapshot);
* setup   : the first frame of a live figure: setup, one full draw, background cached (once per data set);
* blitted : a later frame: image, points, curves and titles redrawn over the cached background, plus
            the palette PNG that live_figure sends (what a reader waits for when the epoch moves);
* full    : the same figure drawn from scratch and encoded (Layered called as a plain render).

Peer, side by side on the same frames: the same picture drawn the usual way, a new figure with
``contourf`` (20 levels) of the same grid plus the points and loss curves, saved as a full-colour PNG.

Usage: python benchmarks/boundary_frame.py [--frames 20] [--resolutions 48 64 96]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nnbasics.datasets import get_dataset, train_test_split  # noqa: E402
from nnbasics.plotting import PALETTE, new_figure  # noqa: E402
from nnbasics.plotting import boundaries as bd  # noqa: E402
from nnbasics.widgets import _Blitter, _encode_png, figure_to_png  # noqa: E402

N_EPOCHS = 50


def stand_in(epoch: int):
    """``proba(X)`` of a random 2-16-16-1 tanh network, different for every epoch."""
    rng = np.random.default_rng(epoch)
    W1, W2, w3 = rng.standard_normal((2, 16)), rng.standard_normal((16, 16)) / 4, rng.standard_normal(16)

    def proba(X):
        h = np.tanh(np.tanh(X @ W1) @ W2)
        return 1.0 / (1.0 + np.exp(-(h @ w3)))
    return proba


def peer_png(data: bd.BoundaryData, frame: bd.BoundaryFrame) -> bytes:
    """The usual way: a new figure, contourf of the same grid, points, loss curves, savefig."""
    fig, (ax_b, ax_l) = new_figure(2, width=8.0, height=3.6)
    x0, x1, y0, y1 = data.bounds
    r = np.asarray(frame.grid).shape[0]
    g1, g2 = np.meshgrid(np.linspace(x0, x1, r), np.linspace(y0, y1, r))
    ax_b.contourf(g1, g2, frame.grid, levels=20, cmap="RdBu", vmin=0, vmax=1)
    for X, y, m in ((data.X_train, data.y_train, "o"), (data.X_test, data.y_test, "^")):
        for label, color in enumerate((PALETTE["orange"], PALETTE["blue"])):
            ax_b.plot(X[y == label, 0], X[y == label, 1], m, color=color, markersize=4.5, linestyle="none")
    shown = np.asarray(frame.epochs) <= frame.epoch
    ax_l.plot(np.asarray(frame.epochs)[shown], np.asarray(frame.train_loss)[shown])
    ax_l.plot(np.asarray(frame.epochs)[shown], np.asarray(frame.test_loss)[shown])
    ax_l.axvline(frame.epoch)
    ax_l.set_yscale("log")
    ax_b.set_title("boundary")
    ax_l.set_title("loss")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=20)
    parser.add_argument("--resolutions", type=int, nargs="*", default=[48, 64, 96])
    args = parser.parse_args(argv)

    X, y = get_dataset("moons", 200, 0.15, rng=0)
    X_train, X_test, y_train, y_test = train_test_split(X, y, rng=0)
    bounds = bd.grid_bounds(X)
    data = bd.BoundaryData(X_train, y_train, X_test, y_test, bounds, N_EPOCHS, name="moons")
    epochs = np.arange(N_EPOCHS + 1)
    train_loss, test_loss = 0.7 * np.exp(-epochs / 15) + 0.05, 0.75 * np.exp(-epochs / 18) + 0.08

    print(f"{'res':>4}{'grid ms':>9}{'setup ms':>10}{'blit p50':>10}{'blit p95':>10}{'full p50':>10}"
          f"{'peer p50':>10}{'blit/peer':>10}{'KB':>6}{'peer KB':>9}")
    for res in args.resolutions:
        t = time.perf_counter()
        grids = [bd.probability_grid(stand_in(e), bounds, res) for e in range(args.frames)]
        grid_ms = (time.perf_counter() - t) * 1e3 / args.frames
        frames = [bd.BoundaryFrame(g, epochs, train_loss, test_loss, int(e * N_EPOCHS / args.frames),
                                   label="16-16 tanh") for e, g in enumerate(grids)]
        render = bd.boundary_render(lambda: data, lambda k: frames[k])
        blitter = _Blitter(render, 80)
        t = time.perf_counter()
        _encode_png(blitter.rgba({"k": 0}), 96)
        setup_ms = (time.perf_counter() - t) * 1e3
        blit, full, peer, kb, peer_kb = [], [], [], [], []
        for k in range(1, args.frames):
            t = time.perf_counter()
            png = _encode_png(blitter.rgba({"k": k}), 96)
            blit.append(time.perf_counter() - t)
            kb.append(len(png) / 1024)
            t = time.perf_counter()
            figure_to_png(render(k=k))
            full.append(time.perf_counter() - t)
            t = time.perf_counter()
            peer_kb.append(len(peer_png(data, frames[k])) / 1024)
            peer.append(time.perf_counter() - t)
        blit_ms, full_ms, peer_ms = (np.array(v) * 1e3 for v in (blit, full, peer))
        print(f"{res:>4}{grid_ms:>9.1f}{setup_ms:>10.0f}{np.percentile(blit_ms, 50):>10.1f}"
              f"{np.percentile(blit_ms, 95):>10.1f}{np.percentile(full_ms, 50):>10.1f}"
              f"{np.percentile(peer_ms, 50):>10.1f}{np.percentile(blit_ms, 50) / np.percentile(peer_ms, 50):>10.2f}"
              f"{np.mean(kb):>6.1f}{np.mean(peer_kb):>9.1f}")
    print("\nms per frame on this machine; KB per frame (ours: 96-colour palette PNG at 80 dpi; peer: full colour)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
