r"""One widget helper for every chapter: live in a kernel, still alive in the static book.

A chapter supplies a *pure* render function ``render(**values) -> matplotlib.figure.Figure`` and a
mapping of controls; :func:`live_figure` turns them into an ipywidgets layout that works in two modes:

* **in a running kernel** the figure is one :class:`ipywidgets.Image`. A change of a control asks a
  background thread for the new frame; the image keeps showing the previous frame until the new PNG is
  ready, then swaps it in one message (never a blank, never a jump). Requests that arrive while a frame
  is drawn replace each other, so a fast drag skips the stale frames instead of queueing them. Frames are
  cached, so going back is instant, and while the figure is idle the thread draws the frames one step
  away from the current values (``PREFETCH``), so the next step of a slider is instant too.
* **in the rendered book** (``static``), where no Python runs, every combination of control values is
  rendered when the book is built; each control is linked *in the browser* (``ipywidgets.jslink``) to the
  ``selected_index`` of a :class:`ipywidgets.Stack` of frames. Nested stacks give one level per control,
  so moving any control shows the matching frame. Each frame is an ``<img>`` with a text alternative
  (the caption and the control values), as lossless WebP; the book's Sphinx extension moves the frames
  out of the page into files that the browser loads only when a frame is first shown.

Controls are therefore discrete: a slider moves over a list of values (use :func:`slider`,
:func:`log_slider`) and a chooser over named options (:func:`choice`). The product of their sizes is the
number of frames the static book carries: at most ``MAX_FRAMES``, better in the low hundreds.

Redrawing a Matplotlib figure from scratch costs 100-250 ms on a small machine. A render written as a
:class:`~nnbasics.plotting.Layered` pair (``setup`` for what a few "slow" controls decide, ``update`` for the artists every
other control moves) is blitted instead: the helper keeps one background per slow value and redraws only
the changed artists, in 10-20 ms (``make benchmark`` measures it).

Whether all frames are rendered up front is decided by ``static``; by default it follows the environment
variable ``NNBASICS_STATIC`` (``make book`` sets it to ``1``), so a reader's kernel renders frames only
when they are asked for, except for small figures (``eager_frames``, 32 by default), which it renders
whole when the cell runs.

Introduced in: the introduction (book/intro.md, "Using the sliders"); used by every chapter.

Examples
--------
>>> from matplotlib.figure import Figure
>>> def render(a, kind):
...     fig = Figure(figsize=(3, 2))
...     ax = fig.add_subplot()
...     ax.plot([0, 1], [0, a] if kind == "line" else [a, a])
...     return fig
>>> view = live_figure(render, {"a": slider([1.0, 2.0, 3.0], value=2.0),
...                             "kind": choice(["line", "flat"])}, static=False, eager_frames=0)
>>> view.values
{'a': 2.0, 'kind': 'line'}
>>> view.controls["a"].value = 3.0      # a background thread renders the new frame
>>> view.wait()                         # (a kernel does not wait: the old frame stays until then)
>>> view.frame_count, view.rendered_count  # the first frame, a = 3, and (prefetched) a = 3, kind = flat
(6, 3)
>>> view.alt_text()
'Live figure. Shown: a = 3, kind = line.'
"""

from __future__ import annotations

import base64
import html
import inspect
import io
import itertools
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._validation import _fmt, check_scalar
from .plotting import Layered, _check_figure

__all__ = ["Control", "slider", "log_slider", "choice", "live_figure", "LiveFigure", "figure_to_png", "MAX_FRAMES",
           "MIN_FRAME_SCALE", "PREFETCH"]

#: Most frames one live figure may have (the product of its controls' sizes). The static book carries
#: every frame and the build renders each one (10-30 ms apiece), so more would make a page and its build
#: heavy; a figure with more combinations should drop values from its controls.
MAX_FRAMES = 1000

#: In a kernel, once a live figure is displayed and whenever it is idle, draw the frames one step away
#: from the current values (each control moved by one) into the cache, so that stepping a slider or
#: clicking the next option shows a frame already drawn. A request from the reader always goes first.
PREFETCH = True

#: Smallest scale at which the static book shows a frame (a figure 640 px wide stays >= 480 px wide, so
#: 10-pt tick labels drawn at 80 dpi stay >= 8 px tall); on a narrower screen the figure scrolls sideways.
MIN_FRAME_SCALE = 0.75

#: Widest a slider or dropdown is drawn; on a narrower screen it takes the width there is.
CONTROL_WIDTH = "480px"


def _control_layout(w: Any) -> Any:
    return w.Layout(width=CONTROL_WIDTH, max_width="100%")


@dataclass(frozen=True)
class Control:
    """A discrete control: the values it can take, their labels, and how to show it.

    Parameters
    ----------
    values : sequence
        The values passed to the render function.
    labels : sequence of str
        What the reader sees for each value.
    index : int
        Position of the initial value.
    kind : {"slider", "dropdown", "toggle"}
        Widget used: :class:`ipywidgets.SelectionSlider`, :class:`ipywidgets.Dropdown` or
        :class:`ipywidgets.ToggleButtons`.
    description : str or None
        Label shown before the control; defaults to the parameter name.
    """

    values: tuple[Any, ...]
    labels: tuple[str, ...]
    index: int = 0
    kind: str = "slider"
    description: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # slider, log_slider and choice build checked Controls; these checks are for one built by hand.
        for name in ("values", "labels"):
            seq = getattr(self, name)
            if isinstance(seq, (str, bytes, Mapping)) or not isinstance(seq, (Sequence, np.ndarray)):
                raise TypeError(f"The '{name}' parameter of Control must be a list. Got {_fmt(seq)} instead.")
            object.__setattr__(self, name, tuple(seq))
        if not self.values:
            raise ValueError("The 'values' parameter of Control must hold at least 1 value. Got 0 instead.")
        if len(self.labels) != len(self.values) or not all(isinstance(label, str) for label in self.labels):
            raise TypeError(f"The 'labels' parameter of Control must hold one string per value "
                            f"({len(self.values)}). Got {_fmt(self.labels)} instead.")
        object.__setattr__(self, "index", check_scalar(self.index, "index", "Control", low=0,
                                                       high=len(self.values) - 1, integer=True))
        if self.kind not in ("slider", "dropdown", "toggle"):
            raise ValueError(f"The 'kind' parameter of Control must be one of 'slider', 'dropdown', 'toggle'. "
                             f"Got {_fmt(self.kind)} instead.")
        _check_description(self.description, "Control")
        if not isinstance(self.extra, dict):
            raise TypeError(f"The 'extra' parameter of Control must be a dict. Got {_fmt(self.extra)} instead.")


def _index_of(values: Sequence[Any], value: Any, owner: str) -> int:
    if value is None:
        return 0
    for i, v in enumerate(values):
        if v == value or (isinstance(v, float) and isinstance(value, (int, float)) and np.isclose(v, value)):
            return i
    raise ValueError(f"The 'value' parameter of {owner} must be one of the control's values {list(values)}. "
                     f"Got {value!r} instead.")


def _check_description(description: Any, owner: str) -> str | None:
    if description is not None and not isinstance(description, str):
        raise TypeError(f"The 'description' parameter of {owner} must be a string or None. "
                        f"Got {_fmt(description)} instead.")
    return description


def _number_labels(vals: tuple[float, ...], fmt: Any, owner: str) -> tuple[str, ...]:
    if not isinstance(fmt, str):
        raise TypeError(f"The 'fmt' parameter of {owner} must be a format string such as '{{:g}}'. "
                        f"Got {_fmt(fmt)} instead.")
    try:
        labels = tuple(fmt.format(v) for v in vals)
    except (ValueError, IndexError, KeyError) as exc:
        raise ValueError(f"The 'fmt' parameter of {owner} must format one number, such as '{{:g}}' or "
                         f"'{{:.2f}}'. Got {fmt!r} instead ({exc}).") from None
    for i in range(1, len(labels)):
        if labels[i] in labels[:i]:
            j = labels.index(labels[i])
            raise ValueError(f"The 'fmt' parameter of {owner} must show every value differently. Got {fmt!r}, "
                             f"which shows both {vals[j]!r} and {vals[i]!r} as {labels[i]!r}; use more digits.")
    return labels


def slider(values: Sequence[float], *, value: float | None = None, description: str | None = None,
           fmt: str = "{:g}") -> Control:
    """A slider over the given numbers (shown with ``fmt``), starting at ``value`` (default: the first).

    Examples
    --------
    >>> slider([-1.0, 0.0, 1.0], value=0.0).index
    1
    """
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, (Sequence, np.ndarray)):
        raise TypeError(f"The 'values' parameter of slider must be a list of numbers. Got {_fmt(values)} instead.")
    vals = tuple(check_scalar(v, "values", "slider") for v in np.asarray(values, dtype=object).ravel())
    if len(vals) < 2:
        raise ValueError(f"The 'values' parameter of slider must hold at least 2 values. Got {len(vals)} instead.")
    if len(set(vals)) < len(vals):
        raise ValueError(f"The 'values' parameter of slider must not repeat a value. Got {list(vals)} instead.")
    description = _check_description(description, "slider")
    return Control(vals, _number_labels(vals, fmt, "slider"), _index_of(vals, value, "slider"), "slider",
                   description)


def log_slider(low: float, high: float, n: int, *, value: float | None = None,
               description: str | None = None, fmt: str = "{:.3g}") -> Control:
    """A slider over ``n`` log-spaced numbers from ``low`` to ``high``; ``value`` snaps to the nearest.

    Examples
    --------
    >>> log_slider(0.001, 1.0, 4).labels
    ('0.001', '0.01', '0.1', '1')
    """
    low = check_scalar(low, "low", "log_slider", low=0, include_low=False)
    high = check_scalar(high, "high", "log_slider", low=low, include_low=False)
    n = check_scalar(n, "n", "log_slider", low=2, high=MAX_FRAMES, integer=True)
    if value is not None:
        value = check_scalar(value, "value", "log_slider", low=0, include_low=False)
    description = _check_description(description, "log_slider")
    vals = tuple(float(v) for v in np.geomspace(low, high, n))
    index = 0 if value is None else int(np.argmin(np.abs(np.log(vals) - np.log(value))))
    return Control(vals, _number_labels(vals, fmt, "log_slider"), index, "slider", description)


def choice(options: Sequence[Any] | Mapping[str, Any], *, value: Any = None, description: str | None = None,
           kind: str = "dropdown") -> Control:
    """A chooser over named options: a list of values (shown as ``str``) or a ``{label: value}`` mapping.

    Examples
    --------
    >>> choice({"Sigmoid": "sigmoid", "ReLU": "relu"}, value="relu").index
    1
    """
    if kind not in ("dropdown", "toggle"):
        raise ValueError(f"The 'kind' parameter of choice must be one of 'dropdown', 'toggle'. Got {kind!r} instead.")
    if isinstance(options, (str, bytes)):
        raise TypeError(f"The 'options' parameter of choice must be a list of options or a {{label: value}} "
                        f"mapping, not a single string (it would make one option per character). "
                        f"Got {options!r} instead; write choice([{options!r}, ...]).")
    if isinstance(options, Mapping):
        labels, vals = tuple(options.keys()), tuple(options.values())
        if not all(isinstance(label, str) for label in labels):
            raise TypeError(f"The 'options' parameter of choice must map string labels to values. "
                            f"Got labels {list(labels)} instead.")
    elif isinstance(options, (Sequence, np.ndarray)):
        vals = tuple(options)
        labels = tuple(str(v) for v in vals)
    else:
        raise TypeError(f"The 'options' parameter of choice must be a list of options or a {{label: value}} "
                        f"mapping. Got {_fmt(options)} instead.")
    if len(vals) < 1:
        raise ValueError("The 'options' parameter of choice must hold at least 1 option. Got 0 instead.")
    if len(vals) > MAX_FRAMES:
        raise ValueError(f"The 'options' parameter of choice must hold at most {MAX_FRAMES} options. "
                         f"Got {len(vals)} instead.")
    if len(set(labels)) < len(labels):
        raise ValueError(f"The 'options' parameter of choice must give every option its own label. "
                         f"Got labels {list(labels)} instead.")
    description = _check_description(description, "choice")
    return Control(vals, labels, _index_of(vals, value, "choice"), kind, description)


def _encode(rgba: Any, colors: int | None, fmt: str = "png") -> bytes:
    """Encode an RGBA buffer as PNG (fast; what a kernel sends) or lossless WebP (small; the static book)."""
    from PIL import Image

    img = Image.fromarray(np.asarray(rgba)[..., :3])
    if colors is not None:
        # Fast octree quantization + zlib level 6: ~9 ms and ~9 KB for a two-panel frame here, against
        # ~45 ms for median-cut + level 9 (8.8 KB) and ~13 ms for full colour (25 KB).
        img = img.quantize(colors=colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buf = io.BytesIO()
    if fmt == "webp":
        # Lossless, so the pixels are those of the PNG; ~30% smaller than the palette PNG for these
        # figures, ~10 ms per frame (benchmarks/page_weight.py measures both).
        img.convert("RGB").save(buf, format="webp", lossless=True, quality=100, method=4)
    else:
        img.save(buf, format="png", compress_level=6)
    return buf.getvalue()


def _check_dpi_colors(dpi: Any, colors: Any, owner: str) -> tuple[float, int | None]:
    dpi = check_scalar(dpi, "dpi", owner, low=10, high=600)
    if colors is not None:
        colors = check_scalar(colors, "colors", owner, low=2, high=256, integer=True)
    return dpi, colors


def figure_to_png(fig: Any, *, dpi: float = 80, colors: int | None = 96) -> bytes:
    """Render a Matplotlib figure to PNG bytes, optionally palette-quantized to shrink the file.

    Line plots survive quantization to ~100 colours without visible change and become 3x smaller,
    which matters because the static book carries every frame.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to draw.
    dpi : float
        Resolution, in [10, 600].
    colors : int or None
        Palette size, in [2, 256]; ``None`` keeps full colour.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise TypeError(f"The 'fig' parameter of figure_to_png must be a matplotlib.figure.Figure. "
                        f"Got {_fmt(fig)} instead.")
    dpi, colors = _check_dpi_colors(dpi, colors, "figure_to_png")
    canvas = FigureCanvasAgg(fig)
    fig.set_dpi(dpi)
    canvas.draw()
    return _encode(canvas.buffer_rgba(), colors)


class _Blitter:
    """Cached backgrounds of a :class:`~nnbasics.plotting.Layered` render, one per value of its slow controls."""

    def __init__(self, layered: Layered, dpi: float) -> None:
        self.layered, self.dpi = layered, dpi
        self.cache: dict[tuple[Any, ...], tuple[Any, Any, Any]] = {}

    def rgba(self, values: dict[str, Any]) -> Any:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        key = tuple(values[n] for n in self.layered.slow)
        if key not in self.cache:
            fig, state = self.layered._setup(values)
            fig.set_dpi(self.dpi)
            canvas = FigureCanvasAgg(fig)
            for artist in self.layered._update(state, values):
                artist.set_animated(True)          # left out of the background
            canvas.draw()
            self.cache[key] = (canvas, state, canvas.copy_from_bbox(fig.bbox))
        canvas, state, background = self.cache[key]
        canvas.restore_region(background)
        for artist in self.layered._update(state, values):
            artist.set_animated(True)
            canvas.figure.draw_artist(artist)
        return canvas.buffer_rgba()


class LiveFigure:
    """The object returned by :func:`live_figure`; displays as its widget.

    Attributes
    ----------
    widget : ipywidgets.VBox
        Controls on top, the figure below (one image in a kernel, nested stacks of frames when static).
    controls : dict of str to ipywidgets.Widget
        The control widgets, by parameter name.
    image : ipywidgets.Image or None
        In a kernel, the image that shows the current frame (its ``tooltip`` is the text alternative).
    frame_count, rendered_count : int
        Number of frames in total and rendered so far.
    """

    def __init__(self, render: Callable[..., Any], controls: Mapping[str, Control], *, static: bool,
                 caption: str | None, dpi: float, colors: int | None, eager_frames: int = 32) -> None:
        import ipywidgets as w

        args = _check_live_args(render, controls, static, caption, dpi, colors, eager_frames, "LiveFigure")
        static, caption, dpi, colors, eager_frames = (args[k] for k in ("static", "caption", "dpi", "colors",
                                                                         "eager_frames"))
        self._render, self._specs = render, dict(controls)
        self._dpi, self._colors, self._caption, self.static = dpi, colors, caption, static
        self.names = list(self._specs)
        self.controls: dict[str, Any] = {}
        descriptions = {n: s.description if s.description is not None else n for n, s in self._specs.items()}
        self._descriptions = descriptions
        label_width = f"{max(len(d) for d in descriptions.values()) + 2}ch"  # controls line up
        for name, spec in self._specs.items():
            common = dict(options=list(zip(spec.labels, spec.values)), index=spec.index,
                          description=descriptions[name], style={"description_width": label_width})
            if spec.kind == "slider":
                ctrl = w.SelectionSlider(continuous_update=True, layout=_control_layout(w), **common)
            elif spec.kind == "toggle":
                common["style"]["button_width"] = "7em"
                ctrl = w.ToggleButtons(**common)
            else:
                ctrl = w.Dropdown(layout=_control_layout(w), **common)
            self.controls[name] = ctrl

        self._sizes = [len(s.values) for s in self._specs.values()]
        self.frame_count = int(np.prod(self._sizes))
        self._blitter = _Blitter(render, dpi) if isinstance(render, Layered) else None
        self._cache: dict[tuple[int, ...], bytes] = {}
        self._unprefetchable: set[tuple[int, ...]] = set()
        self._lock = threading.Condition()
        self._wanted: tuple[int, ...] | None = None
        self._busy = False
        self._worker: threading.Thread | None = None
        self.error: BaseException | None = None
        self.image: Any = None
        self._leaves: dict[tuple[int, ...], Any] = {}
        self._stacks: list[list[Any]] = [[] for _ in self._sizes]
        self._links: list[Any] = []
        self._status = w.HTML(layout=w.Layout(display="none"))

        if static:
            figure = self._build_static(w)
        else:
            every = self.frame_count <= eager_frames
            keys = itertools.product(*(range(n) for n in self._sizes)) if every else [self._key()]
            for key in keys:
                self._cache[key] = self._draw(key, "png")
            if self._blitter is not None and not every:
                self._draw_backgrounds()
            self.image = _frame_image_class()(value=self._cache[self._key()], format="png", tooltip=self.alt_text(),
                                              layout=w.Layout(max_width="100%", height="auto"))
            figure = self.image
            for ctrl in self.controls.values():
                ctrl.observe(self._on_change, names="index")
        parts = list(self.controls.values()) + [figure] + ([] if static else [self._status])
        if caption:
            parts.append(w.HTML(f'<p class="nnb-caption">{html.escape(caption)}</p>'))
        self.widget = w.VBox(parts, layout=w.Layout(align_items="flex-start"))
        self.widget.add_class("nnb-live-figure")

    # --- frames -------------------------------------------------------------------------------------
    def _values(self, key: tuple[int, ...]) -> dict[str, Any]:
        return {n: self._specs[n].values[k] for n, k in zip(self.names, key)}

    def _draw(self, key: tuple[int, ...], fmt: str) -> bytes:
        values = self._values(key)
        if self._blitter is not None:
            return _encode(self._blitter.rgba(values), self._colors, fmt)
        fig = _check_figure(self._render(**values), "The 'render' function passed to live_figure", values)
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        canvas = FigureCanvasAgg(fig)
        fig.set_dpi(self._dpi)
        canvas.draw()
        return _encode(canvas.buffer_rgba(), self._colors, fmt)

    def _draw_backgrounds(self) -> None:
        # Draw every background now, while the cell runs, so that no control change later waits for a
        # full redraw (~150 ms); each background costs one full draw, so only when there are few.
        slow = self._render.slow
        if int(np.prod([len(self._specs[n].values) for n in slow])) <= 32:
            current = self.values
            for combo in itertools.product(*(self._specs[n].values for n in slow)):
                self._blitter.rgba({**current, **dict(zip(slow, combo))})

    def _check_key(self, key: Any) -> tuple[int, ...]:
        sizes = tuple(self._sizes)
        ok = (isinstance(key, (tuple, list)) and len(key) == len(sizes)
              and all(isinstance(k, (int, np.integer)) and not isinstance(k, (bool, np.bool_)) and 0 <= k < n
                      for k, n in zip(key, sizes)))
        if not ok:
            raise ValueError(f"The 'key' parameter of LiveFigure.alt_text must be None or a tuple of {len(sizes)} "
                             f"indices, one per control, below {sizes}. Got {_fmt(key)} instead.")
        return tuple(int(k) for k in key)

    def alt_text(self, key: tuple[int, ...] | None = None) -> str:
        """The text alternative of a frame (default: the one shown): the caption and the control values."""
        key = self._key() if key is None else self._check_key(key)
        shown = ", ".join(f"{self._descriptions[n]} = {self._specs[n].labels[k]}" for n, k in zip(self.names, key))
        return f"{self._caption or 'Live figure.'} Shown: {shown}."

    def _build_static(self, w: Any) -> Any:
        from ipywidgets.widgets.widget_string import HTMLStyle

        # Hundreds of leaves and stacks share one layout and one style: each widget would otherwise carry
        # its own two models (~1.5 KB of defaults) into the page.
        leaf_layout, leaf_style, stack_layout = w.Layout(), HTMLStyle(), w.Layout()

        def build(level: int, key: tuple[int, ...]) -> Any:
            if level == len(self._sizes):
                data = self._draw(key, "webp")
                width, height = _webp_size(data)
                # An <img> (not an ipywidgets.Image) so that the frame has an alt text; width and height
                # reserve its place before it loads, so nothing below it moves. On a narrow screen it
                # shrinks to no less than MIN_FRAME_SCALE of its size (its text stays legible) and the
                # figure scrolls sideways within its own box instead (book CSS, .nnb-frames).
                min_width = round(MIN_FRAME_SCALE * width)
                leaf = w.HTML(f'<img class="nnb-frame" src="data:image/webp;base64,{base64.b64encode(data).decode()}"'
                              f' alt="{html.escape(self.alt_text(key))}" width="{width}" height="{height}"'
                              f' style="max-width: 100%; min-width: {min_width}px; height: auto;">',
                              layout=leaf_layout, style=leaf_style)
                self._leaves[key] = leaf
                return leaf
            children = [build(level + 1, key + (i,)) for i in range(self._sizes[level])]
            stack = w.Stack(children, selected_index=self._specs[self.names[level]].index, layout=stack_layout)
            self._stacks[level].append(stack)
            return stack

        root = build(0, ())
        root.add_class("nnb-frames")   # the box that keeps its sideways scroll while frames change
        # Browser-side links: these keep working in the static page with no kernel.
        self._links = [w.jslink((self.controls[name], "index"), (stack, "selected_index"))
                       for name, stacks in zip(self.names, self._stacks) for stack in stacks]
        return root

    # --- live updates in a kernel ---------------------------------------------------------------------
    def _key(self) -> tuple[int, ...]:
        return tuple(int(self.controls[n].index) for n in self.names)

    @property
    def values(self) -> dict[str, Any]:
        """The current value of every control, as passed to ``render``."""
        return self._values(self._key())

    @property
    def rendered_count(self) -> int:
        return len(self._leaves) if self.static else len(self._cache)

    def _on_change(self, _change: Any) -> None:
        key = self._key()
        with self._lock:
            png = self._cache.get(key)
            if png is None:            # leave the old frame on screen; the worker draws the newest request
                self._wanted = key
            self._wake()               # a request, or new neighbours to prefetch
            if png is None:
                return
        self._show(key, png)

    def _wake(self) -> None:
        """Start the worker if it is not running, and tell it there is work (call with the lock held)."""
        if self._wanted is None and self._prefetch_key() is None:
            return
        self._busy = True
        if self._worker is None:
            self._worker = threading.Thread(target=self._work, name="nnbasics-live-figure", daemon=True)
            self._worker.start()
        self._lock.notify()

    def _prefetch_key(self) -> tuple[int, ...] | None:
        """A frame one step from the current values that is not drawn yet, if any (``PREFETCH``)."""
        if not PREFETCH or len(self._cache) >= self.frame_count:
            return None
        key = self._key()
        for level, size in enumerate(self._sizes):
            for step in (1, -1):
                if 0 <= key[level] + step < size:
                    near = key[:level] + (key[level] + step,) + key[level + 1:]
                    if near not in self._cache and near not in self._unprefetchable:
                        return near
        return None

    def _show(self, key: tuple[int, ...], png: bytes) -> None:
        with self._lock:
            current = self._key()
            # Show it if it is the current frame, or, during a drag, while the current one is still being
            # drawn (a frame on the way is better than none); never over a newer frame already shown.
            if key != current and self._wanted != current:
                return
            with self.image.hold_sync():
                self.image.value = png
                self.image.tooltip = self.alt_text(key)

    def _work(self) -> None:
        while True:
            with self._lock:
                while self._wanted is None and (near := self._prefetch_key()) is None:
                    self._busy = False
                    self._lock.notify_all()
                    if not self._lock.wait(timeout=30) and self._wanted is None:
                        self._worker = None
                        return
                prefetch = self._wanted is None
                if prefetch:
                    key = near
                else:                  # the reader's request first
                    key, self._wanted = self._wanted, None
                    if key in self._cache or key != self._key():
                        continue       # drawn meanwhile, or already stale: skip it
            try:
                png = self._draw(key, "png")
            except Exception as exc:   # shown under the figure; the previous frame stays
                if prefetch:           # nobody asked for it yet: say nothing, do not try again unasked
                    self._unprefetchable.add(key)
                    continue
                self.error = exc
                self._status.value = (f'<pre class="nnb-error">live_figure could not draw {html.escape(str(self._values(key)))}: '
                                      f'{html.escape(type(exc).__name__)}: {html.escape(str(exc))}</pre>')
                self._status.layout.display = None
                continue
            with self._lock:
                self._cache[key] = png
            if not prefetch or key == self._key():
                self._show(key, png)

    def wait(self, timeout: float = 30.0) -> None:
        """Block until every requested frame is drawn and shown, and the frames one step away are drawn
        (tests and benchmarks; a kernel never waits).

        Raises the error of a render that failed in the background.
        """
        timeout = check_scalar(timeout, "timeout", "LiveFigure.wait", low=0, include_low=False)
        with self._lock:
            if not self._lock.wait_for(lambda: not self._busy, timeout=timeout):
                raise TimeoutError(f"live_figure: the frame for {self.values} was not drawn within {timeout} s.")
        if self.error is not None:
            raise self.error

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        if not self.static:
            with self._lock:
                self._wake()           # displayed: draw the neighbours of the first frame while idle
        return self.widget._repr_mimebundle_(**kwargs)


_FRAME_IMAGE: Any = None


def _frame_image_class() -> Any:
    """:class:`ipywidgets.Image` with a ``description`` trait, so that its ``tooltip`` works.

    The browser side sets an image's ``title`` (its text alternative) from ``tooltip`` only when the
    widget has an empty ``description``, which ``Image`` lacks (the view fails without it).
    """
    global _FRAME_IMAGE
    if _FRAME_IMAGE is None:
        import ipywidgets as w
        from traitlets import Unicode

        class FrameImage(w.Image):
            description = Unicode("").tag(sync=True)

        _FRAME_IMAGE = FrameImage
    return _FRAME_IMAGE


def _webp_size(data: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        return img.size


def live_figure(render: Callable[..., Any], controls: Mapping[str, Control], *, static: bool | None = None,
                caption: str | None = None, dpi: float = 80, colors: int | None = 96,
                eager_frames: int = 32) -> LiveFigure:
    """Make ``render`` interactive over ``controls``, in a kernel and in the static book alike.

    Parameters
    ----------
    render : callable or Layered
        ``render(**values) -> matplotlib.figure.Figure``; pure (same values, same figure), and it must
        create its own figure (``matplotlib.figure.Figure``, not ``pyplot``) so nothing leaks. A
        :class:`~nnbasics.plotting.Layered` render redraws only what a control changes (blitting), ten times faster.
    controls : mapping of str to Control
        One entry per keyword argument of ``render``, in the order shown (made by :func:`slider`,
        :func:`log_slider`, :func:`choice`); together at most ``MAX_FRAMES`` combinations.
    static : bool, optional
        Render every combination now (for the static book). Default: ``NNBASICS_STATIC == "1"``.
    caption : str, optional
        A sentence under the figure saying what it shows; with the control values, also the text
        alternative of every frame.
    dpi : float
        Resolution of each frame, in [10, 600].
    colors : int or None
        Palette size of each frame, in [2, 256] (``None`` keeps full colour).
    eager_frames : int
        In a kernel, a figure with at most this many frames renders them all when the cell runs, so
        every later change is instant.

    Returns
    -------
    LiveFigure
        Displays as the widget; ``.controls`` gives the control widgets.
    """
    if static is None:
        static = os.environ.get("NNBASICS_STATIC", "0") == "1"
    args = _check_live_args(render, controls, static, caption, dpi, colors, eager_frames, "live_figure")
    return LiveFigure(render, controls, **args)


def _check_live_args(render: Any, controls: Any, static: Any, caption: Any, dpi: Any, colors: Any,
                     eager_frames: Any, owner: str) -> dict[str, Any]:
    """The checked keyword arguments of :class:`LiveFigure` (``owner``: the function the user called)."""
    if not callable(render):
        raise TypeError(f"The 'render' parameter of {owner} must be callable. Got {_fmt(render)} instead.")
    if (not isinstance(controls, Mapping) or not controls
            or not all(isinstance(c, Control) for c in controls.values())):
        raise TypeError(f"The 'controls' parameter of {owner} must be a non-empty mapping of names to "
                        f"Control objects (made by slider, log_slider or choice). Got {_fmt(controls)} instead.")
    if not all(isinstance(n, str) and n.isidentifier() for n in controls):
        raise TypeError(f"The 'controls' parameter of {owner} must use the render function's keyword names as "
                        f"keys. Got keys {list(controls)} instead.")
    try:
        signature = inspect.signature(render)
    except (TypeError, ValueError):  # a callable without a signature: render(**values) will tell
        signature = None
    if signature is not None:
        try:
            signature.bind(**dict.fromkeys(controls))
        except TypeError:
            raise TypeError(f"The 'controls' parameter of {owner} must have one entry per parameter of the render "
                            f"function {signature}. Got keys {list(controls)} instead.") from None
    if isinstance(render, Layered) and not set(render.slow) <= set(controls):
        raise ValueError(f"The 'slow' controls of the Layered render must be among the controls "
                         f"{sorted(controls)}. Got {list(render.slow)} instead.")
    sizes = [len(c.values) for c in controls.values()]
    if int(np.prod(sizes, dtype=object)) > MAX_FRAMES:
        raise ValueError(f"The 'controls' parameter of {owner} must give at most {MAX_FRAMES} frames (the product "
                         f"of the numbers of values of the controls; the static book carries every frame). Got "
                         f"{' x '.join(map(str, sizes))} = {int(np.prod(sizes, dtype=object))} instead; give the "
                         "controls fewer values.")
    if not isinstance(static, (bool, np.bool_)):
        allowed = "True, False or None" if owner == "live_figure" else "True or False"
        raise TypeError(f"The 'static' parameter of {owner} must be {allowed}. Got {_fmt(static)} instead.")
    if caption is not None and not isinstance(caption, str):
        raise TypeError(f"The 'caption' parameter of {owner} must be a string or None. Got {_fmt(caption)} instead.")
    dpi, colors = _check_dpi_colors(dpi, colors, owner)
    eager_frames = check_scalar(eager_frames, "eager_frames", owner, low=0, integer=True)
    return {"static": bool(static), "caption": caption, "dpi": dpi, "colors": colors,
            "eager_frames": eager_frames}
