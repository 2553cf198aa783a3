"""A real Chromium executes nothing from the data: every payload in every text
field, every generated page loaded, no script runs and no dialog opens."""
from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from http.server import ThreadingHTTPServer

from support import PAYLOADS, QuietHandler, make_project, poison


def test_no_payload_runs_in_chromium(browser, tmp_path):
    project = make_project(tmp_path / "poisoned")
    # on one line: a line break in a one-line field is refused by content.one-line before any build
    poison(project, " ".join(p.replace("\n", " ") for p in PAYLOADS if len(p) < 1000))
    site = tmp_path / "site"
    site.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": url}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
                             str(project / "mkdocs.yml"), "-d", str(site)], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for html in sorted(site.rglob("index.html")):
            path = html.relative_to(site).as_posix().removesuffix("index.html")
            page.goto(url + path)
            page.wait_for_load_state("load")
            assert page.evaluate("window.__pwned") is None, path
            # the payload is visible as text, so it reached the page and was escaped
            if path.startswith("frameworks/alpha"):
                assert "window.__pwned=1" in page.inner_text("article")
        assert dialogs == []
    finally:
        page.close()
        server.shutdown()
