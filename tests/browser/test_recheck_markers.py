"""Release signals in Chromium, on a copy of the real data where two of JAX's facts were checked
before its newest release and Chainer is marked active: the cells say "re-check due" (framework
page and topic page), the framework header gives the newest release on the index with its day,
a quiet framework and the quiet tools say "no release for N months", the Freshness page lists the
due facts, and axe finds nothing serious in light or dark."""
from __future__ import annotations

import datetime as dt
import functools
import os
import re
import subprocess
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from support import REPO, QuietHandler, make_project
from fwatlas.load import load

DUE = ["hardware.nvidia_cuda", "installation.pip_package"]


def _set_as_of(path: Path, dimension: str, day: dt.date) -> None:
    """Set one fact's as_of (the first as_of line after `  <dimension>:`)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f"  {dimension}:\n")
    i = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("    as_of:"))
    lines[i] = f"    as_of: {day.isoformat()}\n"
    path.write_text("".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def signals_site(tmp_path_factory):
    """(base URL, knowledge base) of the edited copy, built and served on 127.0.0.1."""
    root = make_project(tmp_path_factory.mktemp("recheck") / "project", REPO / "data")
    today = dt.date.today()
    kb, _ = load(root, today)
    newest = kb.newest_release(kb.frameworks["jax"])
    for dim in DUE:
        _set_as_of(root / "data/frameworks/jax.yaml", dim, newest.date - dt.timedelta(days=30))
    chainer = root / "data/frameworks/chainer.yaml"
    text = chainer.read_text(encoding="utf-8")
    chainer.write_text(re.sub(r"(  history\.status:\n    value: )\w+", r"\1active", text, count=1), encoding="utf-8")
    for claim in (root / "data/claims").glob("*.yaml"):  # claims graded by Chainer's real status
        if "chainer:history.status" in claim.read_text(encoding="utf-8"):
            claim.unlink()
    kb, problems = load(root, today)
    assert problems == []
    site = root / "site"
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": url, "FWATLAS_NO_CACHE": "1"}
    # not --strict: Chainer, now active, warns (history.no-recent-release); that is the point
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"),
                             "-d", str(site)], capture_output=True, text=True, env=env, cwd=root)
    assert result.returncode == 0, result.stderr
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url, kb
    server.shutdown()


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def test_due_cells_show_the_marker(tab, signals_site):
    url, kb = signals_site
    jax = kb.frameworks["jax"]
    newest = kb.newest_release(jax)
    assert [d for d in jax.facts if kb.recheck_due(jax, d)] == DUE  # the only due facts in the copy
    tab.goto(url + "frameworks/jax/")
    for dim in DUE:
        marker = tab.locator(f'tr:has(h3[id="{dim}"]) td .fa-recheck')
        marker.scroll_into_view_if_needed()  # sections off screen are not rendered (content-visibility)
        expect(marker).to_be_visible()
        expect(marker).to_have_text("re-check due")
        assert marker.get_attribute("title").startswith(
            f"Re-check due: checked on {(newest.date - dt.timedelta(days=30)).isoformat()}, before JAX {newest.version}")
        expect(tab.locator(f'tr:has(h3[id="{dim}"]) td .fa-checked')).to_contain_text(
            f"before release {newest.version} ({newest.date.isoformat()})")
    # a fact that is not due has no marker
    assert tab.locator('tr:has(h3[id="hardware.cpu"]) .fa-recheck').count() == 0
    assert tab.locator(".fa-recheck").count() == len(DUE)
    # the compact cell on the topic page: in the summary, visible without opening the cell
    tab.goto(url + "topics/hardware/")
    summary = tab.locator('[id="jax--hardware.nvidia_cuda"] summary')
    summary.scroll_into_view_if_needed()
    expect(summary.locator(".fa-recheck")).to_be_visible()
    expect(summary).to_contain_text("re-check due")
    assert tab.locator('[id="pytorch--hardware.nvidia_cuda"] .fa-recheck').count() == 0


def test_header_shows_newest_index_release_and_quiet_signal(tab, signals_site):
    url, kb = signals_site
    for fw_id in ("jax", "pytorch", "chainer"):
        newest = kb.newest_release(kb.frameworks[fw_id])
        assert newest.source == "index"
        tab.goto(url + f"frameworks/{fw_id}/")
        header = tab.locator(".fa-summary .fa-newest").inner_text()
        assert header.startswith(f"Newest release: {newest.version}, uploaded to the package index on "
                                 f"{newest.date.isoformat()}")
    months = kb.quiet_months(kb.frameworks["chainer"])
    assert months is not None and months >= 12
    quiet = tab.locator(".fa-summary .fa-quiet")  # still on Chainer's page
    assert quiet.inner_text() == f"no release for {months} months" and quiet.is_visible()
    assert "A signal, not a verdict" in quiet.get_attribute("title")
    tab.goto(url + "frameworks/pytorch/")
    assert tab.locator(".fa-summary .fa-quiet").count() == 0


def test_tools_page_status_cells_say_how_long_quiet_tools_have_been_quiet(tab, signals_site):
    url, kb = signals_site
    quiet = {t.id: kb.quiet_months(t) for t in kb.tools.values() if kb.quiet_months(t) is not None}
    tab.goto(url + "tools/")
    shown = tab.locator("td[data-label=Status] .fa-quiet")
    assert shown.count() == len(quiet)
    for tool_id, months in quiet.items():
        cell = tab.locator(f'tr:has(h3[id="tool-{tool_id}"]) td[data-label=Status]')
        assert f"no release for {months} months" in cell.inner_text()


def test_freshness_page_lists_the_due_facts(tab, signals_site):
    url, kb = signals_site
    tab.goto(url + "freshness/")
    counts = tab.locator("h2#recheck").locator("xpath=following::table[1]")  # Material wraps tables in divs
    row = counts.locator("tbody tr", has_text="JAX")
    assert row.locator("td").nth(2).inner_text() == str(len(DUE))
    assert counts.locator("tbody tr", has_text="PyTorch").locator("td").nth(2).inner_text() == "0"
    row.locator("td").nth(2).locator("a").click()
    assert tab.url.endswith("#recheck-jax")
    listed = tab.locator("h3#recheck-jax").locator("xpath=following::table[1]")
    labels = listed.locator("tbody tr td:first-child").all_inner_texts()
    dims = kb.dimensions
    assert labels == [dims[d].label for d in DUE]  # hardware before installation


@pytest.mark.parametrize("path", ["frameworks/jax/", "frameworks/chainer/", "topics/hardware/", "freshness/",
                                  "tools/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_signals_pass_axe(tab, signals_site, path, scheme):
    url, _ = signals_site
    tab.emulate_media(color_scheme=scheme)
    tab.goto(url + path)
    tab.add_style_tag(content=".fa-offscreen { content-visibility: visible !important; }")
    if path.startswith("topics/"):  # a due cell open too: its body says why
        tab.locator('[id="jax--hardware.nvidia_cuda"] summary').click()
    results = Axe().run(tab)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in serious]


@pytest.mark.parametrize("path", ["frameworks/jax/", "freshness/"])
def test_phone_width_has_no_horizontal_scroll(browser, signals_site, path):
    url, _ = signals_site
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 376
    context.close()
