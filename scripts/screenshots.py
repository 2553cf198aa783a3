"""Screenshots of the built site for a person to look at: each page at 1280x900 and
375x800, light and dark, full page. Usage:

    .venv/bin/python scripts/screenshots.py SITE_DIR OUT_DIR [PATH ...]

SITE_DIR is a built site (make build); PATHs default to the pages a reader meets first.
A PATH may end in "@CSS-selector" to scroll that element to the top first (then the
screenshot shows, for example, a table's header staying in view mid-table).
"""
from __future__ import annotations

import functools
import shutil
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

PATHS = ["", "compare/", "compare/?fw=pytorch,tensorflow", "topics/hardware/", "frameworks/pytorch/"]
SIZES = {"desktop": (1280, 900), "phone": (375, 800)}


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main(site: Path, out: Path, paths: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox", "--headless"])
        try:
            for size, (w, h) in SIZES.items():
                for scheme in ("light", "dark"):
                    context = browser.new_context(viewport={"width": w, "height": h}, color_scheme=scheme)
                    page = context.new_page()
                    for spec in paths:
                        path, _, selector = spec.partition("@")
                        page.goto(base + path)
                        page.wait_for_load_state("networkidle")
                        if selector:
                            page.eval_on_selector(selector, "e => { e.scrollIntoView(); scrollBy(0, -60); }")
                            page.wait_for_timeout(200)
                        name = (spec.strip("/").replace("/", "-").replace("?", "-").replace("=", "-")
                                .replace(",", "-").replace("@", "-").replace("#", "").replace(" ", "")
                                .replace(">", "") or "home")
                        page.screenshot(path=str(out / f"{name}-{size}-{scheme}.png"), full_page=False)
                    context.close()
        finally:
            browser.close()
            server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:] or PATHS)
