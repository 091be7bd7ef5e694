"""Drive the built book in headless Chromium as a reader would, with no Python kernel behind it.

Every page: no console errors, no request leaves the machine, math is typeset, every image has loaded,
every widget has rendered. Every live figure: moving each of its controls changes the figure shown.
On a 360-px phone the live figures fit and stay legible; in light and dark mode every caption and
label meets WCAG AA contrast, and axe-core (served from the build) finds no serious or critical
violation on any page.
"""

from __future__ import annotations

import contextlib
import json
import time

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from nnbasics.widgets import MIN_FRAME_SCALE

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


# --- phones, dark mode, accessibility ------------------------------------------------------------------
PHONE = (360, 740)  # CSS px: the narrowest phone the book supports
MODES = ["light", "dark"]
AXE = "_static/axe/axe.min.js"  # axe-core from npm (package.json), copied into the build by `make html`
MIN_SLIDER_TRACK = 150  # px: room to drag a slider on a phone
ALL_TEXT = ".nnb-live-figure .nnb-caption, .nnb-live-figure .widget-label, .nnb-live-figure .widget-readout"


@contextlib.contextmanager
def _viewport(driver, width: int, height: int):
    """Lay pages out as a phone of this size would (Chromium device metrics, a mobile viewport)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
    try:
        yield
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@contextlib.contextmanager
def _color_mode(driver, server: str, mode: str):
    """Pages opened from ``server`` meanwhile show in ``mode``: the choice the theme's button stores."""
    start = f"{server}/book/intro.html"  # localStorage belongs to the origin (index.html redirects: a race)
    _open(driver, start)
    driver.execute_script("localStorage.setItem('mode', arguments[0]);", mode)
    try:
        yield
    finally:
        _open(driver, start)
        driver.execute_script("localStorage.removeItem('mode');")


def _open_in(driver, url: str, mode: str) -> None:
    _open(driver, url)
    shown = driver.execute_script("return document.documentElement.dataset.theme;")
    assert shown == mode, f"{url} shows the {shown!r} theme, not {mode!r}"


# In the page: load axe-core from the build (once per page) and start it; the result lands in
# window.__nnbAxe: the violations, and for the color-contrast rule, the ratio it measured for each probed
# element (null: not measured). Polled, because a run on the library reference (some 50 000 elements)
# can outlast one WebDriver call on a busy machine.
AXE_START = """
const [src, context, options, probe] = arguments;
window.__nnbAxe = null;
const brief = n => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 300);
const run = () => axe.run(context || document, options).then(r => {
  const ratio = new Map();
  for (const group of [r.passes, r.violations]) {
    for (const rule of group.filter(v => v.id === 'color-contrast')) {
      for (const n of rule.nodes) {
        const data = (n.any[0] || {}).data || {};
        if (n.element) ratio.set(n.element, data.contrastRatio);
      }
    }
  }
  const probed = probe ? [...document.querySelectorAll(probe)].filter(e => e.offsetParent !== null
      && e.textContent.trim()).map(e => ({text: e.textContent.trim().slice(0, 40),
                                          ratio: ratio.has(e) ? ratio.get(e) : null})) : [];
  window.__nnbAxe = {violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                         nodes: v.nodes.map(brief)})), probed};
}, e => { window.__nnbAxe = {error: String(e)}; });
if (window.axe) { run(); } else {
  const s = document.createElement('script');
  s.src = src; s.onload = run; s.onerror = () => { window.__nnbAxe = {error: 'could not load ' + src}; };
  document.head.appendChild(s);
}
"""


def _axe(driver, server: str, *, context=None, options=None, probe: str | None = None) -> dict:
    driver.execute_script(AXE_START, f"{server}/{AXE}", context, options or {}, probe)
    # While axe holds the page's thread, a poll can time out ("Timed out receiving message from renderer").
    res = WebDriverWait(driver, 900, poll_frequency=0.5, ignored_exceptions=(TimeoutException,)).until(
        lambda d: d.execute_script("return window.__nnbAxe;"))
    assert "error" not in res, res["error"]
    return res


@pytest.fixture
def axe_in_build(build_dir):
    assert (build_dir / AXE).is_file(), f"{AXE} is missing from the build: `make html` copies it from node_modules"


# On a phone: every control and figure box inside the screen, each frame shown at a legible scale (its box scrolls sideways to show the rest), and slider tracks long enough.
PHONE_CHECK = """
const [width, minScale, minTrack] = arguments;
const found = [];
const visible = e => e.offsetParent !== null;
const name = e => (e.className || e.tagName).toString().split(' ').filter(c => !c.startsWith('lm-') && !c.startsWith('jupyter-widgets')).join('.');
const boxes = [...document.querySelectorAll('.nnb-live-figure, .nnb-live-figure > *, .nnb-live-figure > * > .widget-label,'
  + ' .nnb-live-figure .slider-container, .nnb-live-figure .widget-readout, .nnb-live-figure select,'
  + ' .nnb-live-figure button, .nnb-live-figure .nnb-caption')].filter(visible);
for (const e of boxes) {
  const r = e.getBoundingClientRect();
  if (r.left < -0.5 || r.right > width + 0.5) found.push(name(e) + ' spans ' + Math.round(r.left) + '..' + Math.round(r.right) + ' px');
}
for (const img of [...document.querySelectorAll('.nnb-live-figure img.nnb-frame')].filter(visible)) {
  const scale = img.getBoundingClientRect().width / img.naturalWidth;
  if (!(scale >= minScale - 0.005)) found.push('a frame shown at ' + scale.toFixed(2) + ' of its size');
  const box = img.closest('.nnb-frames');
  if (!box) { found.push('a frame outside a .nnb-frames box'); continue; }
  const scrolls = ['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
  if (box.scrollWidth > box.clientWidth + 1 && !scrolls) found.push('a frame cut off: its box does not scroll');
}
for (const t of [...document.querySelectorAll('.nnb-live-figure .slider-container')].filter(visible)) {
  if (t.getBoundingClientRect().width < minTrack) found.push('a slider track ' + Math.round(t.getBoundingClientRect().width) + ' px long');
}
return {found, n: boxes.length};
"""


def test_live_figures_fit_a_phone(driver, server):
    """At 360 x 740 px, controls and figures stay on the screen and legible."""
    problems: dict[str, list[str]] = {}
    with _viewport(driver, *PHONE):
        for page in LIVE_PAGES:
            _open(driver, _page_url(server, page))
            res = driver.execute_script(PHONE_CHECK, PHONE[0], MIN_FRAME_SCALE, MIN_SLIDER_TRACK)
            assert res["n"] >= 5, f"{page}: no live figure measured"
            if res["found"]:
                problems[page] = res["found"]
    assert problems == {}


def test_no_page_scrolls_sideways_on_a_phone(driver, server, pages):
    """At 360 px the page itself is no wider than the screen (wide code and display math scroll in their boxes).

    An inline formula too long for the line is the usual culprit: MathJax does not break it, so it widens
    the whole page; such a formula belongs on its own line.
    """
    wide: dict[str, int] = {}
    with _viewport(driver, *PHONE):
        for page in pages:
            _open(driver, _page_url(server, page))
            width = driver.execute_script("return document.documentElement.scrollWidth")
            if width > PHONE[0]:
                wide[page] = width
    assert wide == {}


@pytest.mark.parametrize("mode", MODES)
def test_captions_and_labels_meet_aa_contrast(driver, server, axe_in_build, mode):
    """In light and dark mode, axe's color-contrast rule measures every caption, label and readout >= 4.5."""
    problems: dict[str, list[str]] = {}
    lowest = {}
    with _color_mode(driver, server, mode):
        for page in LIVE_PAGES:
            _open_in(driver, _page_url(server, page), mode)
            res = _axe(driver, server, context={"include": [[".nnb-live-figure"]]},
                       options={"runOnly": ["color-contrast"], "elementRef": True}, probe=ALL_TEXT)
            assert res["probed"], f"{page}: no caption or label found"
            bad = [f"{p['text']!r}: {p['ratio'] if p['ratio'] is not None else 'not measured'}"
                   for p in res["probed"] if p["ratio"] is None or p["ratio"] < 4.5]
            lowest[page] = min((p["ratio"] for p in res["probed"] if p["ratio"] is not None), default=None)
            if bad:
                problems[page] = bad
    assert problems == {}, f"lowest ratios {lowest}"


@pytest.mark.parametrize("mode", MODES)
def test_every_page_passes_an_accessibility_audit(driver, server, pages, axe_in_build, mode):
    """axe-core finds no serious or critical violation on any page, in light and dark mode."""
    problems: dict[str, list[str]] = {}
    with _color_mode(driver, server, mode):
        for page in pages:
            _open_in(driver, _page_url(server, page), mode)
            res = _axe(driver, server)
            found = [f"{v['impact']} {v['id']} ({v['help']}): {'; '.join(v['nodes'][:3])}"
                     for v in res["violations"] if v["impact"] in ("serious", "critical")]
            if found:
                problems[page] = found
    assert problems == {}
