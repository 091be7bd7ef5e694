"""Fixtures for tests of the built book (`make html` first; `make test` does it)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

BUILD = Path(__file__).resolve().parents[2] / "_build" / "html"


def pytest_collection_modifyitems(items):
    if not (BUILD / "index.html").is_file():
        raise pytest.UsageError(f"{BUILD}/index.html is missing: build the book first (`make html`).")


@pytest.fixture(scope="session")
def build_dir() -> Path:
    return BUILD


@pytest.fixture(scope="session")
def pages(build_dir: Path) -> list[str]:
    """Every page of the book, as paths relative to the build directory."""
    found = sorted(p.relative_to(build_dir).as_posix() for p in build_dir.rglob("*.html")
                   if not any(part.startswith(("_", ".")) for part in p.relative_to(build_dir).parts)
                   and p.name not in ("genindex.html", "search.html"))
    return found


@pytest.fixture(scope="session")
def server(build_dir: Path):
    """Serve the built book on a free loopback port."""
    handler = functools.partial(_QuietHandler, directory=str(build_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture(scope="session")
def driver(tmp_path_factory):
    """Headless Debian Chromium driven by chromedriver, with its network limited to what the page asks."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not chromium or not chromedriver:
        raise pytest.UsageError("chromium and chromedriver are needed: `make test` installs them "
                                "(apt-get install chromium chromium-driver).")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-quic", "--window-size=1280,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    drv = webdriver.Chrome(service=Service(chromedriver), options=opts)
    drv.set_page_load_timeout(60)
    yield drv
    drv.quit()
