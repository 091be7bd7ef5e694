"""Live figures are on screen before any script runs, and the live widget takes their place without a jump."""

from __future__ import annotations

import contextlib

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from .test_browser import LIVE_PAGES, PHONE, WIDGET_VIEW, _open, _viewport

# For every placeholder: is its frame decoded and visible, and where is it (page y of its top)?
PLACEHOLDERS = """
return [...document.querySelectorAll('.nnb-placeholder')].map(p => {
  const img = p.querySelector('img.nnb-frame');
  return {visible: p.offsetParent !== null, decoded: img.complete && img.naturalWidth > 0,
          top: img.getBoundingClientRect().top + window.scrollY};
});
"""
# The top of the frame each rendered live figure shows, in document order.
LIVE_FRAMES = """
return [...document.querySelectorAll('.nnb-live-figure')].map(f => {
  const img = [...f.querySelectorAll('img.nnb-frame')].find(i => i.offsetParent !== null);
  return img ? img.getBoundingClientRect().top + window.scrollY : null;
});
"""


@pytest.mark.parametrize("page", LIVE_PAGES)
def test_figures_show_without_javascript(driver, server, page):
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        driver.get(f"{server}/{page}")
        WebDriverWait(driver, 30).until(lambda d: all(
            i.get_property("complete") for i in d.find_elements(By.CSS_SELECTOR, ".nnb-placeholder img")))
        shown = driver.execute_script(PLACEHOLDERS)
        n_views = len(driver.find_elements(By.CSS_SELECTOR, WIDGET_VIEW))
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    assert n_views and len(shown) == n_views, f"{len(shown)} placeholders for {n_views} live figures"
    assert all(p["visible"] and p["decoded"] for p in shown), shown


# In the rendered page, each live figure's frame top, then its placeholder's with the live figure hidden
# (as the page stood before the widget manager ran): same layout around them, so any difference is a jump.
SWAP = """
return [...document.querySelectorAll('.nnb-placeholder')].map(p => {
  const area = p.parentElement.querySelector('.widget-subarea');
  const live = [...area.querySelectorAll('img.nnb-frame')].find(i => i.offsetParent !== null);
  const liveTop = live.getBoundingClientRect().top;
  const hidden = p.offsetParent === null;
  area.style.display = 'none'; p.style.display = 'block';
  const placeholderTop = p.querySelector('img.nnb-frame').getBoundingClientRect().top;
  area.style.display = ''; p.style.display = '';
  return {hidden, moved: Math.round(liveTop - placeholderTop)};
});
"""


@pytest.mark.parametrize("screen", ["desktop", "phone"])
@pytest.mark.parametrize("page", LIVE_PAGES)
def test_live_figures_replace_their_placeholders_in_place(driver, server, page, screen):
    """On a desktop and on a phone (where each control's label goes above it and buttons wrap)."""
    with _viewport(driver, *PHONE) if screen == "phone" else contextlib.nullcontext():
        _open(driver, f"{server}/{page}")
        WebDriverWait(driver, 30).until(lambda d: None not in d.execute_script(LIVE_FRAMES))
        swapped = driver.execute_script(SWAP)
    assert swapped and all(s["hidden"] for s in swapped), swapped
    moved = [s["moved"] for s in swapped]
    # measured 0-6 px (a control row is 28-33 px)
    assert all(abs(m) <= 8 for m in moved), f"frames moved by {moved} px when the live figures rendered"
