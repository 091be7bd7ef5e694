"""Local Sphinx extension: keep the book offline and its browser console clean.

* Removes sphinx-thebe's scripts (Jupyter Book always loads the extension; this book launches no remote
  kernels, and its inline config names a CDN URL and is declared twice, a console SyntaxError).
* Keeps the launch buttons (Binder, Colab, JupyterHub; ``launch_buttons`` in ``_config.yml``) inert until
  ``repository.url`` is set: with no repository to launch from, sphinx-book-theme would otherwise fail
  on every notebook page.
* Adds a small shim that routes the widget manager's MathJax-2 call (``MathJax.Hub.Queue``) to MathJax 3,
  which the book serves itself (sphinx-mathjax-offline); without it, every widget label raises a
  TypeError in the console.
"""

from __future__ import annotations


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


def setup(app):
    app.add_js_file("nnbasics-mathjax-shim.js", priority=900)
    app.connect("config-inited", _launch_buttons_need_a_repository)
    app.connect("html-page-context", _drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
