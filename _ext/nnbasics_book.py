"""Local Sphinx extension: keep the book offline, light, and its browser console clean.

* Removes sphinx-thebe's scripts (Jupyter Book always loads the extension; this book launches no remote
  kernels, and its inline config names a CDN URL and is declared twice, a console SyntaxError).
* Keeps the launch buttons (Binder, Colab, JupyterHub; ``launch_buttons`` in ``_config.yml``) inert until
  ``repository.url`` is set: with no repository to launch from, sphinx-book-theme would otherwise fail
  on every notebook page.
* Adds a small shim that routes the widget manager's MathJax-2 call (``MathJax.Hub.Queue``) to MathJax 3,
  which the book serves itself (sphinx-mathjax-offline); without it, every widget label raises a
  TypeError in the console. The same script keeps a live figure's previous frame on screen until the
  next one has loaded.
* Names every control for assistive technology: ``nnbasics-a11y.js`` labels the widget manager's
  sliders and toggle buttons and the theme's icon buttons as they appear; here, the "Show code cell
  content" toggles of hidden cells lose the aria-label ("Toggle hidden content") that hid their visible
  text from screen readers. The browser test audits every page with axe-core.
* Moves the frames of live figures out of the page: :func:`nnbasics.widgets.live_figure` embeds each
  frame as a ``data:`` URI in the notebook's widget state; here each one is written once to
  ``_frames/<content hash>.webp`` and the page refers to it by a relative URL. The widget manager's
  stack shows one frame at a time, so the browser loads a frame only when it is first shown (from
  ``file://`` as from a server: these are ``<img>`` loads, not ``fetch``).
* Shows every live figure before any script has run: after each widget view, the page carries a
  placeholder with the figure's first frame, its caption, and one greyed row per control (name and
  value, the height of the control), so the figure is on screen at first paint. The widget manager
  renders the live figure in front of it (a ``.widget-subarea`` inserted before the view) and the
  stylesheet then hides the placeholder: the controls replace their rows, with no jump.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
FRAMES_DIR = "_frames"
WIDGET_VIEW = re.compile(r'(<script type="application/vnd\.jupyter\.widget-view\+json">(?P<json>.*?)</script>)',
                         re.S)
PLACEHOLDER_KINDS = {"ToggleButtonsModel": "buttons", "SelectionSliderModel": "slider", "DropdownModel": "dropdown"}
DATA_URI = re.compile(r'src="data:image/(?P<kind>webp|png);base64,(?P<data>[A-Za-z0-9+/=]+)"')


def _drop_thebe(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if scripts is None:
        return
    kept = [js for js in scripts
            if not (str(js).endswith("sphinx-thebe.js") or "THEBE_JS_URL" in js.attributes.get("body", ""))]
    scripts[:] = kept


def _launch_buttons_need_a_repository(app, config):
    options = config.html_theme_options
    if not str(options.get("repository_url") or "").strip():
        options.pop("launch_buttons", None)


HIDDEN_CELL_TOGGLE = '<summary aria-label="Toggle hidden content">'


def _name_hidden_cell_toggles(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body and HIDDEN_CELL_TOGGLE in body:
        context["body"] = body.replace(HIDDEN_CELL_TOGGLE, "<summary>")


def externalize_frames(state: dict, out_dir: Path, url_prefix: str) -> int:
    """Write every ``data:`` image in the widget ``state`` to ``out_dir`` and point the state at the file.

    Returns the number of frames moved. Identical frames share one file (the name is the content hash).
    """
    moved = 0

    def write(m: re.Match) -> str:
        nonlocal moved
        data = base64.b64decode(m["data"])
        name = f"{hashlib.sha256(data).hexdigest()[:20]}.{m['kind']}"
        path = out_dir / name
        if not path.exists():
            path.write_bytes(data)
        moved += 1
        return f'src="{url_prefix}{name}"'

    for model in state.get("state", {}).values():
        value = model.get("state", {}).get("value")
        if model.get("model_name") == "HTMLModel" and isinstance(value, str) and "data:image/" in value:
            model["state"]["value"] = DATA_URI.sub(write, value)
    return moved


def _child(model_id: str) -> str:
    return model_id.removeprefix("IPY_MODEL_")


def placeholder(state: dict, model_id: str) -> str:
    """HTML standing in for the live figure ``model_id`` until the widget manager has rendered it.

    The figure's frame for the controls' initial values (each stack at its ``selected_index``), its
    caption, and one row per control; "" when ``model_id`` is not a live figure.
    """
    models = state.get("state", {})
    root = models.get(model_id, {})
    if "nnb-live-figure" not in root.get("state", {}).get("_dom_classes", []):
        return ""
    rows, frame, caption = [], "", ""

    def visit(mid: str) -> None:
        nonlocal frame, caption
        model = models.get(mid, {})
        name, st = model.get("model_name"), model.get("state", {})
        if name in PLACEHOLDER_KINDS:
            labels, index = st.get("_options_labels", []), st.get("index")
            value = labels[index] if isinstance(index, int) and 0 <= index < len(labels) else ""
            kind = PLACEHOLDER_KINDS[name]
            # Toggle buttons wrap onto several rows on a phone: one empty box per button lets the
            # placeholder wrap as they do (shown on narrow screens only, see _assets/nnbasics.css).
            boxes = ('<span class="nnb-placeholder-options">' + "<span></span>" * len(labels) + "</span>"
                     if kind == "buttons" else "")
            rows.append(f'<div class="nnb-placeholder-control nnb-placeholder-{kind}">'
                        f'{st.get("description", "")} = {value}{boxes}</div>')
        elif name == "HTMLModel":
            value = st.get("value", "")
            if "nnb-frame" in value and not frame:
                frame = value
            elif "nnb-caption" in value:
                caption = value
        elif name == "StackModel":
            children, index = st.get("children", []), st.get("selected_index")
            if isinstance(index, int) and 0 <= index < len(children):
                visit(_child(children[index]))
        else:
            for child in st.get("children", []):
                visit(_child(child))

    visit(model_id)
    if not frame:
        return ""
    return (f'<div class="nnb-placeholder" aria-hidden="true">{"".join(rows)}'
            f'<div class="nnb-placeholder-frame">{frame}</div>{caption}</div>')


def add_placeholders(body: str, state: dict) -> str:
    """``body`` with a :func:`placeholder` after each widget view of a live figure."""
    def after(m: re.Match) -> str:
        try:
            model_id = json.loads(m["json"])["model_id"]
        except (ValueError, KeyError, TypeError):
            return m[0]
        return m[0] + placeholder(state, model_id)

    return WIDGET_VIEW.sub(after, body)


def plain_citation_lists(body: str) -> str:
    """``body`` with docutils' citation lists no longer marked ``role="list"``.

    Their entries carry ``role="doc-biblioentry"``, which ARIA 1.3 deprecates and axe-core no longer
    counts as a list item, so a citation list reads as a list whose children are not list items (axe:
    critical aria-required-children). A plain container of bibliography entries is what it is.
    """
    return body.replace('<div role="list" class="citation-list">', '<div class="citation-list">')


def _plain_citation_lists(app, pagename, templatename, context, doctree):
    if "citation-list" in context.get("body", ""):
        context["body"] = plain_citation_lists(context["body"])


def _externalize_frames(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts or app.builder.format != "html":
        return
    out_dir = Path(app.outdir) / FRAMES_DIR
    for i, js in enumerate(scripts):
        if js.attributes.get("type") != WIDGET_STATE or "data:image/" not in js.attributes.get("body", ""):
            continue
        state = json.loads(js.attributes["body"])
        out_dir.mkdir(exist_ok=True)
        prefix = context["pathto"](FRAMES_DIR, 1) + "/"
        externalize_frames(state, out_dir, prefix)
        context["body"] = add_placeholders(context.get("body", ""), state)
        body = json.dumps(state, separators=(",", ":")).replace("</", "<\\/")
        scripts[i] = type(js)(js.filename, priority=js.priority, **{**js.attributes, "body": body})


def setup(app):
    app.add_js_file("nnbasics-mathjax-shim.js", priority=900)
    app.add_js_file("nnbasics-a11y.js", priority=900)
    app.connect("config-inited", _launch_buttons_need_a_repository)
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("html-page-context", _externalize_frames, priority=900)
    app.connect("html-page-context", _plain_citation_lists, priority=900)
    app.connect("html-page-context", _name_hidden_cell_toggles, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
