"""Drive the built book in headless Chromium as a reader would, with no Python kernel behind it.

Every page: no console errors, no request leaves the machine, math is typeset, every image has loaded,
every widget has rendered. Every live figure: moving each of its controls changes the figure shown.
"""

from __future__ import annotations

import json
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

WIDGET_VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'
# Pages whose live figures get every control moved. A page with live figures that is not listed fails.
LIVE_PAGES = ["book/activations.html", "book/losses.html", "book/gradient_descent.html", "book/playground.html"]


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
    """A digest of the bytes of each image shown in the figure (hidden stack frames excluded)."""
    return driver.execute_async_script(
        "const [fig, done] = arguments;"
        "const shown = [...fig.querySelectorAll('img.widget-image')].filter(i => i.offsetParent !== null);"
        "Promise.all(shown.map(i => fetch(i.src).then(r => r.arrayBuffer()).then(b => {"
        "  const a = new Uint8Array(b); let h = 2166136261;"
        "  for (let k = 0; k < a.length; k++) { h = Math.imul(h ^ a[k], 16777619) >>> 0; }"
        "  return a.length + ':' + h; }))).then(done, e => done(['error: ' + e]));", fig)


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


def _change(driver, control) -> str:
    """Move one control to another value, as a reader would; return a description of what was done."""
    classes = control.get_attribute("class")
    if "widget-dropdown" in classes:
        select = Select(control.find_element(By.TAG_NAME, "select"))
        n = len(select.options)
        current = [o.get_attribute("value") for o in select.options].index(
            select.first_selected_option.get_attribute("value"))
        select.select_by_index((current + 1) % n)
        return f"dropdown -> option {(current + 1) % n}"
    if "widget-slider" in classes:
        handle = control.find_element(By.CSS_SELECTOR, ".noUi-handle")
        now, top = float(handle.get_attribute("aria-valuenow")), float(handle.get_attribute("aria-valuemax"))
        key = Keys.ARROW_LEFT if now >= top else Keys.ARROW_RIGHT
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", handle)
        handle.click()
        handle.send_keys(key)
        return f"slider at {now} -> {'left' if key == Keys.ARROW_LEFT else 'right'}"
    if "widget-toggle-buttons" in classes:
        buttons = control.find_elements(By.TAG_NAME, "button")
        current = next(i for i, b in enumerate(buttons) if "mod-active" in b.get_attribute("class"))
        buttons[(current + 1) % len(buttons)].click()
        return f"toggle -> button {(current + 1) % len(buttons)}"
    raise AssertionError(f"unknown control with classes {classes!r}")


CONTROL_SELECTOR = ":scope > .widget-dropdown, :scope > .widget-slider, :scope > .widget-toggle-buttons"


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
            action = _change(driver, control)
            deadline = time.monotonic() + 5
            after = before
            while time.monotonic() < deadline and after == before:
                time.sleep(0.05)
                after = _visible_frames(driver, fig)
            if len(after) != 1 or after == before:
                failures.append(f"figure {k}, control {j} ({action}): frame did not change")
    assert failures == []
    assert n_controls >= 2
