"""The site as Zensical builds it from `fwatlas generate` (make zensical sets
FWATLAS_ZENSICAL_SITE): every page exists, the tables are intact, the compare and
finder scripts work in Chromium, and internal links resolve. Skipped in `make test`:
Zensical is pre-1.0 and lives in its own environment (.venv-zensical)."""
from __future__ import annotations

import functools
import os
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from support import QuietHandler

SITE = os.environ.get("FWATLAS_ZENSICAL_SITE")
pytestmark = pytest.mark.skipif(not SITE, reason="Zensical build: run `make zensical`")


@pytest.fixture(scope="module")
def zensical_url():
    site = Path(SITE).resolve()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_every_generated_page_exists():
    docs = Path(SITE).resolve().parent / "docs"
    site = Path(SITE).resolve()
    for md in docs.rglob("*.md"):
        rel = md.relative_to(docs).with_suffix("")
        html = site / ("index.html" if rel.name == "index" and rel.parent == Path(".") else
                       (rel.parent / "index.html" if rel.name == "index" else rel / "index.html"))
        assert html.is_file(), f"{md.relative_to(docs)} was not built"


def test_tables_are_intact():
    site = Path(SITE).resolve()
    compare = (site / "compare/index.html").read_text()
    assert compare.count("<tr id=\"compare-") >= 50 and "data-lazy-note" in compare
    topic = (site / "topics/hardware/index.html").read_text()
    assert topic.count("<td id=") >= 13 * 5


def test_internal_links_resolve():
    from urllib.parse import urlsplit

    from fwatlas.generate import read_mkdocs_config
    from fwatlas.sitelinks import check_site

    site = Path(SITE).resolve()
    site_url = read_mkdocs_config(site.parent / "mkdocs.yml").get("site_url") or "/"
    assert check_site(site, urlsplit(site_url).path or "/") == []


def test_compare_and_finder_scripts_work(browser, zensical_url):
    page = browser.new_page()
    page.goto(zensical_url + "compare/?fw=pytorch,jax&topic=hardware")
    page.wait_for_selector("#compare-controls[data-ready]")
    visible = page.eval_on_selector_all("#compare-table section", "s => s.filter(x => !x.hidden).length")
    assert visible == 1
    page.goto(zensical_url + "finder/?need=hardware.apple_silicon")
    page.wait_for_selector("#finder-controls[data-ready]")
    page.close()
