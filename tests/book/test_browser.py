"""Drive the built book in headless Chromium as a reader would, with no Python kernel behind it.

Every page: no console errors, no request leaves the machine, math is typeset, every image has loaded,
every widget has rendered. Every live figure: moving each of its controls changes the figure shown.
"""

from __future__ import annotations

import json
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from .lab import CONTROL_SELECTOR
from .lab import change_control as _change

WIDGET_VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'
# Pages whose live figures get every control moved. A page with live figures that is not listed fails.
LIVE_PAGES = ["book/activations.html", "book/losses.html", "book/gradient_descent.html",
              "book/backpropagation.html", "book/first_network.html",
              "book/playground.html", "book/overfitting.html", "book/evaluation.html", "book/speed.html"]


def _open(driver, url: str) -> None:
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get_log("performance")
    driver.get(url)
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
    # MathJax 3 typesets asynchronously; wait for it when the page has math.
    driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "if (window.MathJax && MathJax.startup && MathJax.startup.promise) {"
        "  MathJax.startup.promise.then(() => done(true), () => done(false)); } else { done(true); }")
    n_views = len(driver.find_elements(By.CSS_SELECTOR, WIDGET_VIEW))
    if n_views:
        WebDriverWait(driver, 30).until(
            lambda d: len(d.find_elements(By.CSS_SELECTOR, ".widget-subarea > .jupyter-widgets")) >= n_views)


def _visible_frames(driver, fig) -> list[str]:
    """The address of each decoded frame shown in the figure (frames are files named by their content)."""
    return driver.execute_script(
        "return [...arguments[0].querySelectorAll('img.nnb-frame')]"
        ".filter(i => i.offsetParent !== null && i.complete && i.naturalWidth > 0).map(i => i.src);", fig)


# In the page: on every animation frame, count the frames where the figure shows no decoded frame or
# changes height (a blank or a jump), and note when a frame other than the first is first shown.
SAMPLER = """
const [fig, done] = arguments;
const shown = () => [...fig.querySelectorAll('img.nnb-frame')].filter(i => i.offsetParent !== null);
const st = {blanks: 0, jumps: 0, frames: 0, src0: shown().map(i => i.src).join(), changed: null,
            h0: fig.getBoundingClientRect().height, on: true};
const tick = () => {
  if (!st.on) return;
  st.frames++;
  const imgs = shown();
  if (!imgs.length || !imgs.every(i => i.complete && i.naturalWidth > 0)) st.blanks++;
  if (Math.abs(fig.getBoundingClientRect().height - st.h0) > 1) st.jumps++;
  if (st.changed === null && imgs.length && imgs.map(i => i.src).join() !== st.src0) st.changed = st.frames;
  requestAnimationFrame(tick);
};
requestAnimationFrame(tick);
window.__nnbSampler = st;
done(true);
"""


def _page_url(server: str, page: str) -> str:
    return f"{server}/{page}"


def test_the_book_has_its_chapters(pages):
    assert "book/intro.html" in pages
    assert "book/activations.html" in pages


def test_every_page_loads_cleanly(driver, server, pages):
    problems: dict[str, list[str]] = {}
    for page in pages:
        _open(driver, _page_url(server, page))
        found: list[str] = []
        # 1. No console errors (warnings from third-party bundles are not errors).
        found += [f"console: {e['message']}" for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        # 2. Every request stayed on this machine (offline reading).
        for entry in driver.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg["method"] == "Network.requestWillBeSent":
                url = msg["params"]["request"]["url"]
                if url.startswith(("http:", "https:", "ws:", "wss:", "//")) and not url.startswith(server):
                    found.append(f"request to {url}")
        # 3. Math typeset: every Sphinx math node holds a MathJax container, and no raw TeX is left in prose.
        untypeset = driver.execute_script(
            "return [...document.querySelectorAll('span.math, div.math')]"
            ".filter(e => !e.querySelector('mjx-container')).map(e => e.textContent.slice(0, 60));")
        found += [f"math not typeset: {t}" for t in untypeset]
        raw = driver.execute_script(
            "const t = document.querySelector('article') || document.body;"
            "const c = t.cloneNode(true); c.querySelectorAll('pre, code, mjx-container, script, .highlight')"
            ".forEach(e => e.remove());"
            "return (c.textContent.match(/\\$\\$|\\\\\\(|\\\\\\[|\\\\frac|\\\\sigma/g) || []).slice(0, 5);")
        found += [f"raw TeX in text: {t}" for t in raw]
        # 4. Every image (figures and every pre-rendered widget frame) decoded.
        broken = driver.execute_script(
            "return [...document.images].filter(i => !(i.complete && i.naturalWidth > 0))"
            ".map(i => (i.getAttribute('src') || '').slice(0, 60));")
        found += [f"image not loaded: {s}" for s in broken]
        # 5. Every widget rendered (the manager replaces each view script with the widget).
        n_views = len(driver.find_elements(By.CSS_SELECTOR, WIDGET_VIEW))
        n_rendered = len(driver.find_elements(By.CSS_SELECTOR, ".widget-subarea > .jupyter-widgets"))
        if n_rendered < n_views:
            found.append(f"{n_views - n_rendered} of {n_views} widgets did not render")
        # 6. A page with live figures is one whose every control the next test moves.
        if driver.find_elements(By.CSS_SELECTOR, ".nnb-live-figure") and page not in LIVE_PAGES:
            found.append("has live figures but is missing from LIVE_PAGES")
        if found:
            problems[page] = found
    assert problems == {}


def test_pages_with_math_typeset_it(driver, server):
    _open(driver, _page_url(server, "book/activations.html"))
    n = driver.execute_script("return document.querySelectorAll('mjx-container').length;")
    assert n >= 10




@pytest.mark.parametrize("page", LIVE_PAGES)
def test_every_control_changes_the_figure(driver, server, page):
    _open(driver, _page_url(server, page))
    figures = driver.find_elements(By.CSS_SELECTOR, ".nnb-live-figure")
    assert figures, f"{page} has no live figure"
    failures = []
    n_controls = 0
    for k, fig in enumerate(figures):
        controls = fig.find_elements(By.CSS_SELECTOR, CONTROL_SELECTOR)
        assert controls, f"live figure {k} on {page} has no controls"
        for j, control in enumerate(controls):
            n_controls += 1
            before = _visible_frames(driver, fig)
            assert len(before) == 1, f"figure {k}: expected one visible frame, saw {len(before)}"
            driver.execute_async_script(SAMPLER, fig)
            action = _change(driver, control)
            deadline = time.monotonic() + 5
            after = before
            while time.monotonic() < deadline and after == before:
                time.sleep(0.05)
                after = _visible_frames(driver, fig)
            time.sleep(0.1)  # keep sampling a little: a late blank or jump would show here
            st = driver.execute_script("const s = window.__nnbSampler; s.on = false; return s;")
            if len(after) != 1 or after == before:
                failures.append(f"figure {k}, control {j} ({action}): frame did not change")
            if st["blanks"] or st["jumps"]:
                failures.append(f"figure {k}, control {j} ({action}): {st['blanks']} blank and {st['jumps']} "
                                f"jumped of {st['frames']} animation frames")
    assert failures == []
    assert n_controls >= 2


# --- page weight: frames are files, loaded when first shown --------------------------------------------
PAGE_WEIGHT_LIMIT = 1.5e6  # bytes: the page itself and the frames it shows, when its figures are visible


def page_weight(driver, url: str) -> dict:
    """Open ``url`` with an empty cache; return the bytes of the page and of its frames, and the total."""
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    try:
        _open(driver, url)
        WebDriverWait(driver, 30).until(lambda d: d.execute_script(
            "return [...document.querySelectorAll('.nnb-live-figure')].every(f =>"
            " [...f.querySelectorAll('img.nnb-frame')].some(i => i.complete && i.naturalWidth > 0));"))
        return driver.execute_script(
            "const nav = performance.getEntriesByType('navigation')[0];"
            "const res = performance.getEntriesByType('resource');"
            "const frames = res.filter(r => r.name.includes('/_frames/'));"
            "const sum = a => a.reduce((s, r) => s + r.encodedBodySize, 0);"
            "return {html: nav.encodedBodySize, frames: sum(frames), n_frames: frames.length,"
            "        shared: sum(res) - sum(frames)};")
    finally:
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})


@pytest.mark.parametrize("page", LIVE_PAGES)
def test_page_weight(driver, server, page):
    """A chapter page with its shown frames stays under the target; the other frames wait to be shown."""
    w = page_weight(driver, _page_url(server, page))
    n_figures = len(driver.find_elements(By.CSS_SELECTOR, ".nnb-live-figure"))
    assert w["html"] > 10_000 and w["frames"] > 0, f"nothing measured: {w}"
    assert w["n_frames"] <= n_figures, f"frames loaded before they were shown: {w}"
    assert w["html"] + w["frames"] <= PAGE_WEIGHT_LIMIT, f"{page} weighs {w}"


@pytest.mark.parametrize("page", LIVE_PAGES)
def test_live_figures_work_from_file_urls(driver, build_dir, page):
    """Read offline from the disk (file://): every frame shown decodes, and a moved control shows another."""
    _open(driver, (build_dir / page).as_uri())
    figures = driver.find_elements(By.CSS_SELECTOR, ".nnb-live-figure")
    assert figures
    WebDriverWait(driver, 20).until(lambda d: all(len(_visible_frames(d, f)) == 1 for f in figures))
    for k, fig in enumerate(figures):
        before = _visible_frames(driver, fig)
        _change(driver, fig.find_elements(By.CSS_SELECTOR, CONTROL_SELECTOR)[0])
        WebDriverWait(driver, 10).until(lambda d: _visible_frames(d, fig) not in ([], before),
                                        f"figure {k} of {page}: no new frame from file://")
