"""Browser fixtures: the repository's site built once, served on 127.0.0.1, and a
real Chromium (Debian's where installed, else Playwright's own)."""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from support import QuietHandler

REPO = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def base_url(tmp_path_factory) -> str:
    site = tmp_path_factory.mktemp("browser-site")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": url}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(REPO / "mkdocs.yml"),
                             "-d", str(site)], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def site_dir(base_url, tmp_path_factory) -> Path:
    return Path(str(tmp_path_factory.getbasetemp())) / "browser-site0"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import Error, sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Error as exc:
            pytest.fail(f"no Chromium: install Debian's `chromium` or run `.venv/bin/playwright install chromium` ({exc})")
        yield b
        b.close()


class PageLog:
    """What a page did that a test may forbid: console errors and requests leaving 127.0.0.1."""

    def __init__(self):
        self.errors: list[str] = []
        self.external: list[str] = []


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log = PageLog()
    page.on("console", lambda m: m.type == "error" and log.errors.append(m.text))
    page.on("pageerror", lambda e: log.errors.append(str(e)))

    def guard(route):
        if route.request.url.startswith(base_url) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            log.external.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.log = log
    yield page
    context.close()
