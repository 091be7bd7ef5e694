r"""One widget helper for every chapter: live in a kernel, still alive in the static book.

A chapter supplies a *pure* render function ``render(**values) -> matplotlib.figure.Figure`` and a
mapping of controls; :func:`live_figure` turns them into an ipywidgets layout:

* **in a running kernel** a change of a control calls ``render`` with the new values and shows the new
  figure (frames are cached, so going back is instant);
* **in the rendered book**, where no Python runs, every combination of control values has been rendered
  when the book was built; each control is linked *in the browser* (``ipywidgets.jslink``) to the
  ``selected_index`` of a :class:`ipywidgets.Stack` of pre-rendered images. Nested stacks give one level
  per control, so moving any control shows the matching frame.

Controls are therefore discrete: a slider moves over a list of values (use :func:`slider`,
:func:`log_slider`) and a chooser over named options (:func:`choice`). The product of their sizes is the
number of frames the static page carries: keep it in the low hundreds.

Redrawing a Matplotlib figure from scratch costs 100-250 ms on a small machine. A render written as a
:class:`Layered` pair (``setup`` for what a few "slow" controls decide, ``update`` for the artists every
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
>>> view.controls["a"].value = 3.0      # in a kernel this renders the new frame
>>> view.frame_count, view.rendered_count
(6, 2)
"""

from __future__ import annotations

import html
import io
import itertools
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._validation import check_scalar

__all__ = ["Control", "slider", "log_slider", "choice", "live_figure", "LiveFigure", "Layered", "figure_to_png"]


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


def _index_of(values: Sequence[Any], value: Any, owner: str) -> int:
    if value is None:
        return 0
    for i, v in enumerate(values):
        if v == value or (isinstance(v, float) and isinstance(value, (int, float)) and np.isclose(v, value)):
            return i
    raise ValueError(f"The 'value' parameter of {owner} must be one of the control's values {list(values)}. "
                     f"Got {value!r} instead.")


def slider(values: Sequence[float], *, value: float | None = None, description: str | None = None,
           fmt: str = "{:g}") -> Control:
    """A slider over the given numbers (shown with ``fmt``), starting at ``value`` (default: the first).

    Examples
    --------
    >>> slider([-1.0, 0.0, 1.0], value=0.0).index
    1
    """
    vals = tuple(float(v) for v in values)
    if len(vals) < 2:
        raise ValueError(f"The 'values' parameter of slider must hold at least 2 values. Got {len(vals)} instead.")
    return Control(vals, tuple(fmt.format(v) for v in vals), _index_of(vals, value, "slider"), "slider",
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
    n = check_scalar(n, "n", "log_slider", low=2, integer=True)
    vals = np.geomspace(low, high, n)
    index = 0 if value is None else int(np.argmin(np.abs(np.log(vals) - np.log(value))))
    return Control(tuple(float(v) for v in vals), tuple(fmt.format(v) for v in vals), index, "slider",
                   description)


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
    if isinstance(options, Mapping):
        labels, vals = tuple(options.keys()), tuple(options.values())
    else:
        vals = tuple(options)
        labels = tuple(str(v) for v in vals)
    if len(vals) < 1:
        raise ValueError("The 'options' parameter of choice must hold at least 1 option. Got 0 instead.")
    return Control(vals, labels, _index_of(vals, value, "choice"), kind, description)


def _encode_png(rgba: Any, colors: int | None) -> bytes:
    from PIL import Image

    img = Image.fromarray(np.asarray(rgba)[..., :3])
    if colors is not None:
        # Fast octree quantization + zlib level 6: ~9 ms and ~9 KB for a two-panel frame here, against
        # ~45 ms for median-cut + level 9 (8.8 KB) and ~13 ms for full colour (25 KB).
        img = img.quantize(colors=colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buf = io.BytesIO()
    img.save(buf, format="png", compress_level=6)
    return buf.getvalue()


def figure_to_png(fig: Any, *, dpi: int = 80, colors: int | None = 96) -> bytes:
    """Render a Matplotlib figure to PNG bytes, optionally palette-quantized to shrink the file.

    Line plots survive quantization to ~100 colours without visible change and become 3x smaller,
    which matters because the static book embeds every frame.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    fig.set_dpi(dpi)
    canvas.draw()
    return _encode_png(canvas.buffer_rgba(), colors)


class Layered:
    r"""A render function split in two, so a control change redraws only what it changes.

    Drawing a Matplotlib figure from scratch (axes, ticks, labels) costs 100-200 ms here; most controls
    move a point or a line on axes that stay put. A :class:`Layered` render draws the axes once per
    value of the ``slow`` controls and, for every other change, restores that background and draws only
    the changed artists on top (blitting), in a few milliseconds.

    Parameters
    ----------
    setup : callable
        ``setup(**slow_values) -> (fig, state)``: the figure with everything that depends only on the
        slow controls; ``state`` is whatever ``update`` needs (typically the artists it will change).
    update : callable
        ``update(state, **values) -> list of artists``: set the data of the changing artists for the
        given values of *all* controls and return them; only these are redrawn.
    slow : sequence of str
        Names of the controls whose change needs a new ``setup``.

    Notes
    -----
    Calling the object, ``layered(**values)``, draws the whole figure the ordinary way, so a
    :class:`Layered` is also a plain render function: tests and the benchmark's peer use that path.
    """

    def __init__(self, setup: Callable[..., Any], update: Callable[..., Any], slow: Sequence[str]) -> None:
        self.setup, self.update, self.slow = setup, update, tuple(slow)

    def __call__(self, **values: Any) -> Any:
        fig, state = self.setup(**{n: values[n] for n in self.slow})
        for artist in self.update(state, **values):
            artist.set_animated(False)
        return fig


class _Blitter:
    """Cached backgrounds of a :class:`Layered` render, one per value of its slow controls."""

    def __init__(self, layered: Layered, dpi: int) -> None:
        self.layered, self.dpi = layered, dpi
        self.cache: dict[tuple[Any, ...], tuple[Any, Any, Any]] = {}

    def rgba(self, values: dict[str, Any]) -> Any:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        key = tuple(values[n] for n in self.layered.slow)
        if key not in self.cache:
            fig, state = self.layered.setup(**{n: values[n] for n in self.layered.slow})
            fig.set_dpi(self.dpi)
            canvas = FigureCanvasAgg(fig)
            for artist in self.layered.update(state, **values):
                artist.set_animated(True)          # left out of the background
            canvas.draw()
            self.cache[key] = (canvas, state, canvas.copy_from_bbox(fig.bbox))
        canvas, state, background = self.cache[key]
        canvas.restore_region(background)
        for artist in self.layered.update(state, **values):
            artist.set_animated(True)
            canvas.figure.draw_artist(artist)
        return canvas.buffer_rgba()


class LiveFigure:
    """The object returned by :func:`live_figure`; displays as its widget.

    Attributes
    ----------
    widget : ipywidgets.VBox
        Controls on top, the figure stack below.
    controls : dict of str to ipywidgets.Widget
        The control widgets, by parameter name.
    frame_count, rendered_count : int
        Number of frames in total and rendered so far.
    """

    def __init__(self, render: Callable[..., Any], controls: Mapping[str, Control], *, static: bool,
                 caption: str | None, dpi: int, colors: int | None, eager_frames: int = 32) -> None:
        import ipywidgets as w

        if not callable(render):
            raise TypeError(f"The 'render' parameter of live_figure must be callable. Got {render!r} instead.")
        if not controls or not all(isinstance(c, Control) for c in controls.values()):
            raise TypeError("The 'controls' parameter of live_figure must be a non-empty mapping of names to "
                            f"Control objects (made by slider, log_slider or choice). Got {controls!r} instead.")
        if isinstance(render, Layered) and not set(render.slow) <= set(controls):
            raise ValueError(f"The 'slow' controls of the Layered render must be among the controls "
                             f"{sorted(controls)}. Got {list(render.slow)} instead.")
        self._render, self._specs = render, dict(controls)
        self._dpi, self._colors = dpi, colors
        self.names = list(self._specs)
        self.controls: dict[str, Any] = {}
        descriptions = {n: s.description if s.description is not None else n for n, s in self._specs.items()}
        label_width = f"{max(len(d) for d in descriptions.values()) + 2}ch"  # controls line up
        for name, spec in self._specs.items():
            common = dict(options=list(zip(spec.labels, spec.values)), index=spec.index,
                          description=descriptions[name], style={"description_width": label_width})
            if spec.kind == "slider":
                ctrl = w.SelectionSlider(continuous_update=True, layout=w.Layout(width="480px"), **common)
            elif spec.kind == "toggle":
                common["style"]["button_width"] = "7em"
                ctrl = w.ToggleButtons(**common)
            else:
                ctrl = w.Dropdown(layout=w.Layout(width="480px"), **common)
            self.controls[name] = ctrl

        sizes = [len(s.values) for s in self._specs.values()]
        self.frame_count = int(np.prod(sizes))
        self._leaves: dict[tuple[int, ...], Any] = {}
        self._stacks: list[list[Any]] = [[] for _ in sizes]

        def build(level: int, key: tuple[int, ...]) -> Any:
            if level == len(sizes):
                leaf = w.Image(format="png", layout=w.Layout(max_width="100%", height="auto"))
                self._leaves[key] = leaf
                return leaf
            children = [build(level + 1, key + (i,)) for i in range(sizes[level])]
            stack = w.Stack(children, selected_index=self._specs[self.names[level]].index)
            self._stacks[level].append(stack)
            return stack

        root = build(0, ())
        # Browser-side links: these keep working in the static page with no kernel.
        self._links = [w.jslink((self.controls[name], "index"), (stack, "selected_index"))
                       for name, stacks in zip(self.names, self._stacks) for stack in stacks]
        self._rendered: set[tuple[int, ...]] = set()
        self._blitter = _Blitter(render, dpi) if isinstance(render, Layered) else None
        every = static or self.frame_count <= eager_frames
        keys = itertools.product(*(range(n) for n in sizes)) if every else [self._key()]
        for key in keys:
            self._ensure(key)
        if self._blitter is not None and not every:
            # Draw every background now, while the cell runs, so that no control change later waits for a
            # full redraw (~150 ms); each background costs one full draw, so only when there are few.
            slow_sizes = [len(self._specs[n].values) for n in render.slow]
            if int(np.prod(slow_sizes)) <= 32:
                current = self.values
                for combo in itertools.product(*(self._specs[n].values for n in render.slow)):
                    self._blitter.rgba({**current, **dict(zip(render.slow, combo))})
        for ctrl in self.controls.values():
            ctrl.observe(self._on_change, names="index")
        parts = list(self.controls.values()) + [root]
        if caption:
            parts.append(w.HTML(f'<p class="nnb-caption">{html.escape(caption)}</p>'))
        self.widget = w.VBox(parts, layout=w.Layout(align_items="flex-start"))
        self.widget.add_class("nnb-live-figure")

    def _key(self) -> tuple[int, ...]:
        return tuple(int(self.controls[n].index) for n in self.names)

    @property
    def values(self) -> dict[str, Any]:
        """The current value of every control, as passed to ``render``."""
        return {n: self._specs[n].values[k] for n, k in zip(self.names, self._key())}

    @property
    def rendered_count(self) -> int:
        return len(self._rendered)

    def _ensure(self, key: tuple[int, ...]) -> None:
        if key in self._rendered:
            return
        values = {n: self._specs[n].values[k] for n, k in zip(self.names, key)}
        if self._blitter is not None:
            png = _encode_png(self._blitter.rgba(values), self._colors)
        else:
            png = figure_to_png(self._render(**values), dpi=self._dpi, colors=self._colors)
        self._leaves[key].value = png
        self._rendered.add(key)

    def _on_change(self, _change: Any) -> None:
        self._ensure(self._key())

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def live_figure(render: Callable[..., Any], controls: Mapping[str, Control], *, static: bool | None = None,
                caption: str | None = None, dpi: int = 80, colors: int | None = 96,
                eager_frames: int = 32) -> LiveFigure:
    """Make ``render`` interactive over ``controls``, in a kernel and in the static book alike.

    Parameters
    ----------
    render : callable or Layered
        ``render(**values) -> matplotlib.figure.Figure``; pure (same values, same figure), and it must
        create its own figure (``matplotlib.figure.Figure``, not ``pyplot``) so nothing leaks. A
        :class:`Layered` render redraws only what a control changes (blitting), ten times faster.
    controls : mapping of str to Control
        One entry per keyword argument of ``render``, in the order shown (made by :func:`slider`,
        :func:`log_slider`, :func:`choice`).
    static : bool, optional
        Render every combination now (for the static book). Default: ``NNBASICS_STATIC == "1"``.
    caption : str, optional
        A sentence under the figure saying what it shows (also its text alternative).
    dpi, colors : int
        Resolution and PNG palette size of each frame (``colors=None`` keeps full colour).
    eager_frames : int
        In a kernel, a figure with at most this many frames renders them all when the cell runs, so
        every later change is instant (the browser switches frames, as in the static book).

    Returns
    -------
    LiveFigure
        Displays as the widget; ``.controls`` gives the control widgets.
    """
    if static is None:
        static = os.environ.get("NNBASICS_STATIC", "0") == "1"
    eager_frames = check_scalar(eager_frames, "eager_frames", "live_figure", low=0, integer=True)
    return LiveFigure(render, controls, static=static, caption=caption, dpi=dpi, colors=colors,
                      eager_frames=eager_frames)
