"""What a reader waits for in the browser: static pages (weight, time to figures) and JupyterLab (latency).

1. The built book (`make html` first), served on a loopback port, each chapter opened in headless
   Chromium with an empty cache, 3 times: bytes of the page itself, of the frames it loads before its
   figures show, of the shared scripts and styles (cached after the first page), the time from
   navigation until every live figure shows a decoded frame (its placeholder's or its own), and until
   every live figure is interactive (rendered by the widget manager, controls included); medians of 3.
2. The chapters in a running JupyterLab (the `make lab` path, started here on a free port): Run All, then
   a key press on every slider of every figure, stepping across its range (each step a new frame): the
   time from the key press to the new frame painted (p50/p95, measured in the page) and how many
   animation frames showed no frame (blank) or a changed figure height (jump). Then one drag of each
   figure's first slider across its whole range: how long after the release the last frame arrives.
   The issue's measurement of the previous design (frame stacks jslinked in the kernel too) is printed
   beside it: p50 ~125 ms, p95 ~400 ms, about a third of moves blank.
The in-process update times are `benchmarks/widget_update.py` (`make benchmark` runs both).

Usage: python benchmarks/page_latency.py [--skip-static] [--skip-lab] [--steps 6] [--runs 3]
Targets: page + shown frames <= 1.5 MB and figures <= 1.5 s; JupyterLab p95 <= 150 ms, 0 blanks,
drag lag <= ~0.3 s.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
import functools
import http.server
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from tests.book import lab  # noqa: E402

PAGES = ["book/activations.html", "book/losses.html", "book/gradient_descent.html", "book/backpropagation.html",
         "book/first_network.html", "book/playground.html", "book/overfitting.html", "book/evaluation.html",
         "book/speed.html"]
# Installed before any script of the page runs: the times (ms since navigation) when every live figure
# first shows a decoded frame (its placeholder's, written into the page by the book's extension, or the
# live figure's), and when every live figure has rendered with its controls (interactive).
FIGURES_VISIBLE = """
window.__nnbFigures = null; window.__nnbInteractive = null;
(function poll() {
  const shows = img => img && img.offsetParent !== null && img.complete && img.naturalWidth > 0;
  const slots = [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')]
    .map(s => s.parentElement);
  const live = slot => [...slot.querySelectorAll('.nnb-live-figure img.nnb-frame')].some(shows);
  const placeholder = slot => shows(slot.querySelector('.nnb-placeholder img.nnb-frame'));
  const t = performance.now();
  if (slots.length && window.__nnbFigures === null && slots.every(s => live(s) || placeholder(s)))
    window.__nnbFigures = t;
  if (slots.length && slots.every(live)) { window.__nnbInteractive = t; return; }
  requestAnimationFrame(poll);
})();
"""


def chromium():
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium") or shutil.which("chromium-browser")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--no-first-run", "--window-size=1280,1000"):
        opts.add_argument(flag)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def static_pages(driver, runs: int) -> None:
    build = ROOT / "_build" / "html"
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(build)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    script = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FIGURES_VISIBLE})
    print("Static pages (local server, empty cache; KB = 1024 bytes)")
    print(f"{'page':<26}{'HTML KB':>9}{'shown frames KB':>17}{'page+frames KB':>16}{'shared KB':>11}"
          f"{'all frames KB':>15}{'figures s':>11}{'interactive s':>15}")
    try:
        for page in PAGES:
            times, ready, w = [], [], {}
            for _ in range(runs):
                driver.get(f"{base}/{page}")
                WebDriverWait(driver, 60).until(
                    lambda d: d.execute_script("return window.__nnbInteractive !== null;"))
                times.append(driver.execute_script("return window.__nnbFigures;") / 1e3)
                ready.append(driver.execute_script("return window.__nnbInteractive;") / 1e3)
                w = driver.execute_script(
                    "const nav = performance.getEntriesByType('navigation')[0];"
                    "const res = performance.getEntriesByType('resource');"
                    "const fr = res.filter(r => r.name.includes('/_frames/'));"
                    "const sum = a => a.reduce((s, r) => s + r.encodedBodySize, 0);"
                    "return {html: nav.encodedBodySize, frames: sum(fr), shared: sum(res) - sum(fr)};")
            html = (build / page).read_text()
            every = sum((build / "_frames" / name).stat().st_size
                        for name in set(__import__("re").findall(r"_frames/([0-9a-f]+\.webp)", html)))
            kb = {k: v / 1024 for k, v in w.items()}
            print(f"{page:<26}{kb['html']:>9.0f}{kb['frames']:>17.0f}{kb['html'] + kb['frames']:>16.0f}"
                  f"{kb['shared']:>11.0f}{every / 1024:>15.0f}{statistics.median(times):>11.2f}"
                  f"{statistics.median(ready):>15.2f}")
    finally:
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
        httpd.shutdown()


def _press(driver, fig, handle, key) -> dict:
    driver.execute_async_script(lab.SAMPLER, fig)
    handle.send_keys(key)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and driver.execute_script("return window.__nnbSampler.painted;") is None:
        time.sleep(0.01)
    time.sleep(0.05)
    st = driver.execute_script("const s = window.__nnbSampler; s.on = false; delete s.el0; return s;")
    return {"latency": None if st["painted"] is None else st["painted"] - st["t0"],
            "blanks": st["blanks"], "jumps": st["jumps"]}


DRAG_WATCH = """
const [fig, done] = arguments;
const st = {up: null, last: null, changes: 0};
let src = fig.querySelector('img').src;
document.addEventListener('pointerup', e => { st.up = e.timeStamp; }, {capture: true, once: true});
const tick = () => {
  const i = fig.querySelector('img');
  if (i.src !== src && i.naturalWidth > 0 && i.complete) { src = i.src; st.last = performance.now(); st.changes++; }
  if (!st.stop) requestAnimationFrame(tick);
};
requestAnimationFrame(tick);
window.__nnbDrag = st;
done(true);
"""


def drag(driver, fig, control) -> dict:
    """Drag the slider's handle from one end of its track to the other in small moves; time the tail."""
    handle = control.find_element(By.CSS_SELECTOR, ".noUi-handle")
    track = control.find_element(By.CSS_SELECTOR, ".noUi-base")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", control)
    driver.execute_script("arguments[0].focus();", handle)
    handle.send_keys(Keys.HOME)
    time.sleep(1.0)
    driver.execute_async_script(DRAG_WATCH, fig)
    width = track.size["width"]
    chain = ActionChains(driver, duration=20).click_and_hold(handle)
    for _ in range(20):
        chain.move_by_offset(width / 20, 0)
    chain.release().perform()
    time.sleep(2.0)
    st = driver.execute_script("const s = window.__nnbDrag; s.stop = true; return s;")
    lag = None if st["up"] is None or st["last"] is None else max(0.0, st["last"] - st["up"])
    return {"lag": lag, "changes": st["changes"]}


def jupyterlab(driver, steps: int, only: Sequence[str] = ()) -> None:
    print("\nJupyterLab, after Run All (key press on a slider -> new frame painted, measured in the page)")
    print(f"{'notebook':<20}{'presses':>8}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}{'blank':>7}{'jumps':>7}"
          f"{'drag lag ms (per figure)':>28}")
    notebooks = [p for p in sorted((ROOT / "book").glob("*.ipynb"))
                 if lab.expected_figures(p) and (not only or p.stem in only)]
    every = []
    with tempfile.TemporaryDirectory() as tmp, lab.JupyterLab(Path(tmp)) as server:
        for nb in notebooks:
            lab.run_all(driver, server.url(nb.name), lab.expected_figures(nb))
            res, lags = [], []
            for fig in lab.figures(driver):
                sliders = [c for c in lab.controls(fig) if "widget-slider" in c.get_attribute("class")]
                for control in sliders:
                    handle = control.find_element(By.CSS_SELECTOR, ".noUi-handle")
                    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", control)
                    driver.execute_script("arguments[0].focus();", handle)
                    for _ in range(steps):
                        now, top = (float(handle.get_attribute(a)) for a in ("aria-valuenow", "aria-valuemax"))
                        res.append(_press(driver, fig, handle, Keys.ARROW_LEFT if now >= top else Keys.ARROW_RIGHT))
                if sliders:
                    d = drag(driver, fig, sliders[0])
                    lags.append("-" if d["lag"] is None else f"{d['lag']:.0f}")
            lat = sorted(r["latency"] for r in res if r["latency"] is not None)
            missing = sum(r["latency"] is None for r in res)
            every += lat
            q = statistics.quantiles(lat, n=20) if len(lat) > 1 else lat * 19
            print(f"{nb.stem:<20}{len(res):>8}{statistics.median(lat):>8.0f}{q[18]:>8.0f}{max(lat):>8.0f}"
                  f"{sum(r['blanks'] > 0 for r in res):>7}{sum(r['jumps'] > 0 for r in res):>7}"
                  f"{', '.join(lags):>28}" + (f"  ({missing} presses showed no new frame)" if missing else ""))
    q = statistics.quantiles(every, n=20)
    print(f"{'all':<20}{len(every):>8}{statistics.median(every):>8.0f}{q[18]:>8.0f}{max(every):>8.0f}")
    print("previous design (issue 6, same machine): p50 ~125 ms, p95 ~400 ms, about 1 move in 3 blank")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-static", action="store_true")
    parser.add_argument("--skip-lab", action="store_true")
    parser.add_argument("--steps", type=int, default=6, help="key presses per slider")
    parser.add_argument("--runs", type=int, default=3, help="loads per static page")
    parser.add_argument("--notebooks", nargs="*", default=(), help="only these chapters in JupyterLab")
    args = parser.parse_args(argv)
    driver = chromium()
    try:
        if not args.skip_static:
            static_pages(driver, args.runs)
        if not args.skip_lab:
            jupyterlab(driver, args.steps, args.notebooks)
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
