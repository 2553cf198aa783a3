"""Every generated page in Chromium: no console errors, no external requests,
accessible, usable on a phone and in dark mode; search lands on a fact's row."""
from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

PAGES = ["", "compare/", "topics/hardware/", "frameworks/pytorch/", "frameworks/tensorflow/", "tools/",
         "claims/", "history/", "methodology/", "contributing/"]
# one page of every generated type (the finder with a question, so its results table is checked too)
AXE_PAGES = ["", "compare/", "finder/?need=hardware.apple_silicon,deployment.mobile_edge,onnx", "topics/hardware/",
             "frameworks/pytorch/", "tools/", "claims/", "history/", "data/", "rules/"]


def all_pages(site_dir) -> list[str]:
    pages = [p.relative_to(site_dir).as_posix().removesuffix("index.html")
             for p in site_dir.rglob("index.html")]
    return sorted(pages)


def test_every_page_is_clean(page, base_url, site_dir):
    pages = all_pages(site_dir)
    assert set(PAGES) <= set(pages)
    for path in pages:
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    assert page.log.errors == []
    assert page.log.external == []


@pytest.mark.parametrize("path", AXE_PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(page, base_url, path, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(base_url + path)
    # content-visibility skips off-screen blocks; render them so axe samples real colours
    page.add_style_tag(content=".fa-offscreen { content-visibility: visible !important; }")
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in serious]


@pytest.mark.parametrize("path", ["", "compare/", "frameworks/pytorch/", "history/"])
def test_phone_width_has_no_page_level_horizontal_scroll(browser, base_url, path):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base_url + path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 376, f"{path} is {width}px wide on a 375px phone"
    context.close()


def test_dark_mode_follows_the_system_before_any_script_loads(page, base_url):
    # The scheme is chosen inline while the page parses: no light flash, even
    # if Material's (deferred) bundle is slow or never arrives.
    page.route("**/bundle.*.min.js", lambda route: route.abort())
    page.emulate_media(color_scheme="dark")
    page.goto(base_url, wait_until="commit")
    page.wait_for_selector("header")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    page.emulate_media(color_scheme="light")  # no choice saved yet: follows the system live
    page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")


def test_scheme_toggle_is_remembered_and_works_by_keyboard(page, base_url):
    page.emulate_media(color_scheme="light")
    page.goto(base_url)
    scheme = lambda: page.get_attribute("body", "data-md-color-scheme")  # noqa: E731
    assert scheme() == "default"
    page.locator("#fa-palette label:not([hidden])").click()
    assert scheme() == "slate"
    assert page.locator("#fa-palette label:not([hidden])").get_attribute("title") == "Switch to light mode"
    page.goto(base_url + "frameworks/pytorch/")  # the choice holds on other pages and over the system's
    assert scheme() == "slate"
    page.locator("#fa-palette input:checked").focus()
    page.keyboard.press("Enter")
    assert scheme() == "default"
    page.reload()
    assert scheme() == "default"


@pytest.mark.parametrize("terms,path,anchor", [
    ("PyTorch TPU", "frameworks/pytorch/", "hardware.tpu"),
    ("LiteRT", "tools/", "tool-litert"),
    # the words readers use find a fact's row (on a topic page or a framework page)
    ("macbook", "", "hardware.apple_silicon"),
    ("Radeon", "", "hardware.amd_rocm"),
    ("android", "", "deployment.mobile_edge"),
])
def test_search_lands_on_the_row(page, base_url, terms, path, anchor):
    target = (re.escape(path) if path else r"(topics|frameworks)/[a-z]+/") + r"(\?h=[^#]*)?#" + re.escape(anchor) + "$"
    page.goto(base_url)
    page.click("input.md-search__input")
    page.locator("input.md-search__input").press_sequentially(terms, delay=30)
    links = page.locator(".md-search-result__link")
    links.first.wait_for(timeout=10_000)
    hrefs = links.evaluate_all("els => els.map(e => e.href)")
    index = next((i for i, h in enumerate(hrefs) if re.search(target, h)), None)
    assert index is not None, hrefs[:10]
    links.nth(index).click()
    page.wait_for_url(re.compile(target))
    assert page.locator(f"[id='{anchor}']").is_visible()
    assert page.locator(f"[id='{anchor}']").is_visible()


def search(page, base_url, terms: str) -> list[str]:
    page.goto(base_url)
    page.click("input.md-search__input")
    page.locator("input.md-search__input").press_sequentially(terms, delay=30)
    links = page.locator(".md-search-result__link")
    links.first.wait_for(timeout=10_000)
    return links.evaluate_all("els => els.map(e => e.href)")


@pytest.mark.parametrize("terms", ["csv", "API"])
def test_search_finds_the_data_page(page, base_url, terms):
    assert any("/data/" in h for h in search(page, base_url, terms)[:5])


def test_general_terms_rank_active_frameworks_before_retired_ones(page, base_url):
    hrefs = [h for h in search(page, base_url, "GPU") if "/frameworks/" in h]
    firsts = list(dict.fromkeys(h.split("/frameworks/")[1].split("/")[0] for h in hrefs))
    retired = {"theano", "caffe", "cntk", "mxnet", "chainer"}
    first_retired = next((i for i, f in enumerate(firsts) if f in retired), len(firsts))
    assert all(f not in retired for f in firsts[:first_retired]) and first_retired >= 3, firsts


def test_sortable_release_table(page, base_url):
    page.goto(base_url + "frameworks/pytorch/")
    button = page.locator("table.fa-releases th button").first
    button.click()
    first = page.locator("table.fa-releases tbody tr").first.locator("td").first.inner_text()
    assert first == "0.1"
    button.press("Enter")
    first = page.locator("table.fa-releases tbody tr").first.locator("td").first.inner_text()
    assert first != "0.1"


def test_row_headings_name_the_framework_for_screen_readers_only(page, base_url):
    page.goto(base_url + "frameworks/pytorch/#hardware.tpu")
    heading = page.get_by_role("heading", name="PyTorch: Google TPUs")
    assert heading.is_visible()
    prefix = heading.locator(".fa-visually-hidden").bounding_box()
    assert prefix["width"] <= 1 and prefix["height"] <= 1


def test_search_index_and_worker_load_only_when_the_reader_searches(page, base_url):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(base_url + "compare/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in requested if "search_index" in u or "/workers/search" in u], requested
    page.keyboard.press("/")  # Material's search shortcut
    page.locator("input.md-search__input").press_sequentially("ONNX", delay=30)
    page.locator(".md-search-result__link").first.wait_for(timeout=10_000)
    assert [u for u in requested if "search_index" in u] and [u for u in requested if "/workers/search" in u]
