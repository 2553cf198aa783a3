"""Dated APIs in Chromium (issue 24): a framework page's API timeline and Migrating section at
1280 and 375 px, the check in the pinned environment on each row, and the search landing on an
API's row by its dotted name."""
from __future__ import annotations

import pytest

from support import search, sections


@pytest.mark.parametrize("width,height", [(1280, 900), (375, 800)])
def test_the_api_timeline_reads_at_both_widths(browser, base_url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(base_url + "frameworks/pytorch/#apis")
    rows = page.locator("table.fa-apis-table tbody tr")
    assert rows.count() >= 30
    row = page.locator("table.fa-apis-table tr", has=page.locator("[id='api-torch-distributed-fsdp-fully_shard']"))
    text = row.inner_text()
    assert "2.6" in text and "present in torch" in text           # since, and the check with the pinned torch
    # release order inside a topic: the since column never goes down
    since = page.eval_on_selector_all(
        "#apis-distributed ~ .fa-table-wrap:first-of-type table.fa-apis-table td[data-label=Since]",
        "els => els.map(e => e.innerText.trim())")
    key = lambda v: [int(x) for x in v.split(".")]
    assert since == sorted(since, key=key)
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    if width == 375:   # a card per API: the name is never broken inside a word
        name = page.locator("[id='api-torch-distributed-fsdp-fully_shard'] code")
        assert name.bounding_box()["width"] <= 375
    context.close()


def test_migrating_names_successors_and_guides(page, base_url):
    page.goto(base_url + "frameworks/jax/#migrating")
    table = page.locator("table.fa-migrating")
    text = table.inner_text()
    assert "jax.experimental.maps.xmap" in text and "removed" in text
    assert table.locator("a", has_text="migration guide").count() >= 1
    # where a retired framework's maintainers sent users, in their words
    page.goto(base_url + "frameworks/theano/#migrating")
    assert "PyTensor" in page.locator("blockquote.fa-sent").inner_text()


def test_a_cell_holds_its_dated_apis_on_demand(page, base_url):
    page.goto(base_url + "topics/distributed/")
    cell = page.locator("td#pytorch--distributed\\.model_sharding")
    assert cell.locator(".fa-dated-apis").is_hidden()
    cell.locator("summary").click()
    assert "fully_shard" in cell.locator(".fa-dated-apis").inner_text().replace("\u200b", "")


def test_search_finds_an_api_by_its_dotted_name(page, base_url):
    # the name's words are in the row's text, not its heading: a row named "export" must not
    # outrank a row that has ONNX export for "onnx export" (test_reader_links_phone_search)
    results = search(page, base_url, "fully_shard")
    hrefs = [r["href"] for r in sections(results)[:5]]
    assert any("/frameworks/pytorch/#api-" in h and "fully_shard" in h for h in hrefs), hrefs
