"""Drive the chapters in a real JupyterLab from headless Chromium (shared by test_lab.py and the benchmark).

``JupyterLab`` starts ``jupyter lab`` on a free loopback port with a random token, on a copy of the
notebooks (JupyterLab autosaves; the committed notebooks must not change), with its own settings (no
news or update checks, cells not virtualised so every figure is in the page), and stops it afterwards.
``run_all`` opens a notebook and runs every cell; ``move_control`` presses a key on a slider, picks the
next option of a dropdown or clicks the next toggle button, and returns what the page measured: when the
key was pressed, when the new frame was painted, and whether the figure ever showed no frame or changed
height in between (sampled on every animation frame).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
CONTROL_SELECTOR = ":scope > .widget-dropdown, :scope > .widget-slider, :scope > .widget-toggle-buttons"
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                      "checkForUpdates": False},
}

# In the page: sample the figure's image on every animation frame while a control moves.
#   start(fig): remember the shown frame; count frames with no decoded image or a changed figure height.
#   result(): when the input happened, when a new image was first painted, blanks, jumps, the image src.
SAMPLER = """
const [fig, done] = arguments;
const img = () => fig.querySelector('img');
const st = {t0: null, painted: null, blank: null, blanks: 0, jumps: 0, frames: 0,
            src0: img() && img().src, el0: img(), h0: fig.getBoundingClientRect().height, on: true};
const mark = e => { if (st.t0 === null) st.t0 = e.timeStamp; };
fig.addEventListener('keydown', mark, true);
fig.addEventListener('pointerdown', mark, true);
fig.addEventListener('change', mark, true);
const tick = () => {
  if (!st.on) return;
  const i = img();
  st.frames++;
  // Blank: no image, a collapsed one, or a new <img> element not decoded yet. The same <img> given a new
  // src reports naturalWidth 0 while the new image decodes, but Chromium keeps painting the old image
  // meanwhile (checked with screenshots taken during a slow decode), so that is not a blank.
  if (!i || i.getBoundingClientRect().height < 10 || (i !== st.el0 && i.naturalWidth === 0)) {
    st.blanks++;
    if (!st.blank) st.blank = {frame: st.frames, t: performance.now() - (st.t0 || 0), naturalWidth: i && i.naturalWidth,
                               height: i && i.getBoundingClientRect().height, same: i && i.src === st.src0};
  }
  if (Math.abs(fig.getBoundingClientRect().height - st.h0) > 1) st.jumps++;
  if (st.painted === null && i && i.src !== st.src0 && i.complete && i.naturalWidth > 0) st.painted = performance.now();
  requestAnimationFrame(tick);
};
requestAnimationFrame(tick);
window.__nnbSampler = st;
done(true);
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterLab:
    """A JupyterLab server on a copy of the notebooks; ``with JupyterLab(tmp) as lab: lab.url(name)``."""

    def __init__(self, workdir: Path, notebooks: list[Path] | None = None) -> None:
        self.workdir = Path(workdir)
        self.notebooks = notebooks or sorted((ROOT / "book").glob("*.ipynb"))
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> JupyterLab:
        nb_dir, settings = self.workdir / "notebooks", self.workdir / "settings"
        nb_dir.mkdir(parents=True, exist_ok=True)
        for nb in self.notebooks:
            shutil.copy(nb, nb_dir / nb.name)
        for name, value in SETTINGS.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value))
        env = {**os.environ, "PYTHONPATH": str(ROOT), "NNBASICS_STATIC": "0", "JUPYTERLAB_SETTINGS_DIR": str(settings),
               "JUPYTERLAB_WORKSPACES_DIR": str(self.workdir / "workspaces"),
               "JUPYTER_RUNTIME_DIR": str(self.workdir / "runtime"), "JUPYTER_CONFIG_DIR": str(self.workdir / "config")}
        cmd = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", f"--port={self.port}",
               "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={self.token}", "--ServerApp.port_retries=0",
               f"--ServerApp.root_dir={nb_dir}", "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log = open(self.workdir / "jupyter.log", "w")
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/status?token={self.token}", timeout=2)
                return self
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.__exit__(None, None, None)
                    raise RuntimeError(f"jupyter lab did not start: {(self.workdir / 'jupyter.log').read_text()[-2000:]}")
                time.sleep(0.3)

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.log.close()

    def url(self, notebook: str) -> str:
        return f"http://127.0.0.1:{self.port}/lab/tree/{notebook}?reset&token={self.token}"


def expected_figures(notebook: Path) -> int:
    """How many live figures running the notebook shows (calls of live_figure in its code cells)."""
    cells = json.loads(notebook.read_text())["cells"]
    return sum("".join(c["source"]).count("live_figure(") for c in cells if c["cell_type"] == "code")


def run_all(driver, url: str, n_figures: int, timeout: float = 180) -> list:
    """Open the notebook, Run All, wait until the kernel is idle and every live figure shows a frame."""
    driver.get(url)
    WebDriverWait(driver, 90).until(lambda d: d.execute_script(
        "const a = window.jupyterapp; const w = a && a.shell.currentWidget;"
        "return !!(w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel"
        " && w.sessionContext.session.kernel.status === 'idle' && w.content && w.content.widgets.length);"))
    driver.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells');")
    WebDriverWait(driver, timeout, poll_frequency=0.5).until(lambda d: d.execute_script(
        "const w = window.jupyterapp.shell.currentWidget;"
        "const busy = w.sessionContext.session.kernel.status !== 'idle';"
        "const pending = [...document.querySelectorAll('.jp-InputPrompt')].some(p => p.textContent.includes('*'));"
        "const figs = [...document.querySelectorAll('.jp-Notebook .nnb-live-figure')];"
        "return !busy && !pending && figs.length >= arguments[0] &&"
        " figs.every(f => { const i = f.querySelector('img'); return i && i.complete && i.naturalWidth > 0; });",
        n_figures))
    errors = driver.execute_script(
        "return [...document.querySelectorAll('.jp-OutputArea-output[data-mime-type=\"application/vnd.jupyter.stderr\"]')]"
        ".map(e => e.textContent.slice(0, 300));")
    return errors


def figures(driver) -> list:
    return driver.find_elements(By.CSS_SELECTOR, ".jp-Notebook .nnb-live-figure")


def controls(fig) -> list:
    return fig.find_elements(By.CSS_SELECTOR, CONTROL_SELECTOR)


def frame_digest(driver, fig) -> str:
    """A digest of the pixels' bytes of the figure's shown image."""
    return driver.execute_async_script(
        "const [fig, done] = arguments; const i = fig.querySelector('img');"
        "fetch(i.src).then(r => r.arrayBuffer()).then(b => { const a = new Uint8Array(b); let h = 2166136261;"
        "  for (let k = 0; k < a.length; k++) { h = Math.imul(h ^ a[k], 16777619) >>> 0; }"
        "  done(a.length + ':' + h); }, e => done('error: ' + e));", fig)


def change_control(driver, control) -> str:
    """Move one control to another value, as a reader would; return a description of what was done."""
    classes = control.get_attribute("class")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", control)
    if "widget-dropdown" in classes:
        select = Select(control.find_element(By.TAG_NAME, "select"))
        values = [o.get_attribute("value") for o in select.options]
        current = values.index(select.first_selected_option.get_attribute("value"))
        select.select_by_index((current + 1) % len(values))
        return f"dropdown -> option {(current + 1) % len(values)}"
    if "widget-slider" in classes:
        handle = control.find_element(By.CSS_SELECTOR, ".noUi-handle")
        now, top = float(handle.get_attribute("aria-valuenow")), float(handle.get_attribute("aria-valuemax"))
        key = Keys.ARROW_LEFT if now >= top else Keys.ARROW_RIGHT
        driver.execute_script("arguments[0].focus();", handle)
        handle.send_keys(key)
        return f"slider at {now:g} -> {'left' if key == Keys.ARROW_LEFT else 'right'}"
    if "widget-toggle-buttons" in classes:
        buttons = control.find_elements(By.TAG_NAME, "button")
        current = next(i for i, b in enumerate(buttons) if "mod-active" in b.get_attribute("class"))
        buttons[(current + 1) % len(buttons)].click()
        return f"toggle -> button {(current + 1) % len(buttons)}"
    raise AssertionError(f"unknown control with classes {classes!r}")


def move_control(driver, fig, control, timeout: float = 10) -> dict:
    """Move one control; wait for the new frame; return the page's measurements (ms) and the action."""
    driver.execute_async_script(SAMPLER, fig)
    action = change_control(driver, control)
    deadline = time.monotonic() + timeout
    st = None
    while time.monotonic() < deadline:
        st = driver.execute_script("return {painted: window.__nnbSampler.painted};")
        if st["painted"] is not None:
            break
        time.sleep(0.02)
    time.sleep(0.1)  # keep sampling a little after the paint: a late blank or jump would show here
    st = driver.execute_script("const s = window.__nnbSampler; s.on = false; delete s.el0; return s;")
    latency = None if st["painted"] is None or st["t0"] is None else st["painted"] - st["t0"]
    return {"action": action, "latency_ms": latency, "blanks": st["blanks"], "jumps": st["jumps"],
            "frames": st["frames"], "first_blank": st["blank"]}
