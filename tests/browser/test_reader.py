"""The reader's side in Chromium: compact cells that open on demand, labels and
headers that stay readable while tables scroll, the finder, the myths filter,
search snippets and phone widths."""
from __future__ import annotations

import re
from urllib.parse import parse_qs

import pytest

FINDER_QUESTION = "finder/?need=hardware.apple_silicon,deployment.mobile_edge,onnx"


def test_a_cell_opens_on_enter_and_shows_note_sources_and_date(page, base_url):
    page.goto(base_url + "topics/hardware/")
    cell = page.locator("td#pytorch--hardware\\.apple_silicon")
    assert cell.locator(".fa-cell-body").is_hidden()
    cell.locator("summary").focus()
    page.keyboard.press("Enter")
    body = cell.locator(".fa-cell-body")
    assert body.is_visible()
    assert "Metal" in body.locator(".fa-note").inner_text()
    assert body.locator(".fa-cites a").count() >= 1 and "checked 20" in body.inner_text()
    # the summary holds the short value, its level and its versions; the note waits behind a marker
    assert cell.locator("summary").inner_text().startswith("official")
    assert cell.locator("summary .fa-more").count() == 1


def test_support_levels_have_a_colour_and_a_sign(page, base_url):
    page.goto(base_url + "topics/hardware/")
    seen = page.eval_on_selector_all(
        "td summary .fa-v[class*='fa-support-']:not(.fa-ended) > .fa-value",
        "els => els.map(e => [e.parentElement.className, getComputedStyle(e).color, getComputedStyle(e, '::before').content])")
    by_level = {cls.split("fa-support-")[1]: (colour, sign) for cls, colour, sign in seen}
    assert {"official", "plugin", "none"} <= set(by_level)
    assert len({c for c, _ in by_level.values()}) == len(by_level)  # one colour per level
    assert len({s for _, s in by_level.values()}) == len(by_level)  # and one sign per level
    assert all(s not in ("none", "normal", "") for _, s in by_level.values())


def test_row_labels_are_never_overprinted_when_a_table_scrolls_sideways(page, base_url):
    page.goto(base_url + "topics/hardware/")
    wrap = page.locator(".fa-table-wrap").first
    wrap.scroll_into_view_if_needed()
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth")  # 13 frameworks: wider than the box
    wrap.evaluate("w => { w.scrollLeft = 400; }")
    for anchor in ["hardware.cpu", "hardware.apple_silicon", "hardware.other_accelerators"]:
        label = page.locator(f"[id='{anchor}']")
        label.evaluate("e => e.scrollIntoView({block: 'center'})")
        page.wait_for_timeout(100)
        box = label.bounding_box()
        hit = page.evaluate("([x, y]) => { const e = document.elementFromPoint(x, y); return e && e.closest('th') ? e.closest('th').scope : e.tagName }",
                            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
        assert hit == "row", f"{anchor}: the label is covered by {hit}"


def test_the_header_row_stays_in_view_mid_table(page, base_url):
    page.goto(base_url + "topics/hardware/")
    # the middle of the table at the top of the window: its own header row is far above
    page.locator("[id='hardware.intel_gpu']").evaluate("e => e.scrollIntoView({block: 'start'})")
    assert page.evaluate("document.querySelector('table.fa-matrix').getBoundingClientRect().top") < -200
    page.wait_for_timeout(150)  # one animation frame to place the header
    top = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    hit = page.evaluate("([y]) => { const th = document.querySelector('table.fa-matrix thead th:nth-child(2)');"
                        " const r = th.getBoundingClientRect(); const e = document.elementFromPoint(r.x + 10, y);"
                        " return e && e.closest('thead') ? e.closest('th').textContent.trim() : (e ? e.tagName : null) }",
                        [top + 12])
    assert hit == "PyTorch"


def query(page) -> dict:
    return parse_qs(page.evaluate("location.search").lstrip("?"))


def test_the_finder_answers_a_question_and_keeps_it_in_the_url(page, base_url):
    page.goto(base_url + FINDER_QUESTION)
    page.wait_for_selector("#finder-controls[data-ready]")
    status = page.locator("#finder-status").inner_text()
    assert "meet all 3 needs" in status and "PyTorch" in status
    first = page.locator("#finder-results tbody tr").first
    assert first.get_attribute("data-verdict") == "yes"
    # every verdict links to the cited cell, and that cell exists
    href = first.locator("td[data-verdict] a").first.get_attribute("href")
    page.goto(page.url.split("finder/")[0] + "finder/" + href) if not href.startswith("http") else page.goto(href)
    anchor = href.split("#")[1]
    assert page.locator(f"[id='{anchor}']").count() == 1
    page.go_back()
    page.wait_for_selector("#finder-controls[data-ready]")
    page.check("input[name=status]")
    assert query(page)["status"] == ["active"] and query(page)["need"] == ["hardware.apple_silicon,deployment.mobile_edge,onnx"]
    page.reload()
    page.wait_for_selector("#finder-controls[data-ready]")
    assert page.is_checked("input[name=status]") and page.is_checked("input[value='onnx']")
    # a retired framework can no longer meet every need
    verdicts = dict(page.eval_on_selector_all("#finder-results tbody tr", "rows => rows.map(r => [r.dataset.framework, r.dataset.verdict])"))
    assert verdicts["theano"] == "no"


def test_keras_follows_its_backends_in_the_finder(page, base_url):
    page.goto(base_url + "finder/?need=hardware.amd_rocm")
    page.wait_for_selector("#finder-controls[data-ready]")
    keras = page.locator("#finder-results tr[data-framework=keras]")
    assert keras.get_attribute("data-verdict") == "yes"
    assert "via" in keras.locator("td[data-verdict]").inner_text()


def test_the_finder_explains_itself_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + FINDER_QUESTION)
    assert page.locator(".fa-noscript-only").is_visible()
    assert not page.locator("#finder-controls").is_visible()
    links = page.locator(".fa-noscript-only li a")
    assert links.count() >= 5
    assert "topics/hardware/#hardware.apple_silicon" in links.first.get_attribute("href") or \
        any("#hardware." in links.nth(i).get_attribute("href") for i in range(links.count()))
    context.close()


def test_home_links_the_ready_made_questions(page, base_url):
    page.goto(base_url)
    start = page.locator(".fa-start")
    for label in ["I have a Mac", "I have an AMD GPU", "I deploy to phones", "I need TPUs",
                  "I want something that will still be maintained"]:
        assert re.search(r"finder/\?need=|finder/\?status=", start.get_by_role("link", name=label).get_attribute("href"))
    start.get_by_role("link", name="I have a Mac").click()
    page.wait_for_selector("#finder-controls[data-ready]")
    assert "Apple silicon GPU" in page.locator("#finder-results thead").inner_text()


def test_myths_filter_by_verdict_and_framework_in_the_url(page, base_url):
    page.goto(base_url + "claims/")
    page.wait_for_selector("#claims-controls[data-ready]")
    total = page.locator(".fa-claim").count()
    for verdict in ["accurate", "outdated", "misleading", "depends"]:
        page.uncheck(f"input[name=verdict][value={verdict}]")
    page.select_option("select[name=fw]", "pytorch")
    assert query(page) == {"verdict": ["wrong"], "fw": ["pytorch"]}
    shown = page.eval_on_selector_all(".fa-claim:not([hidden])", "cs => cs.map(c => [c.dataset.verdict, c.dataset.frameworks])")
    assert shown and all(v == "wrong" and "pytorch" in f.split() for v, f in shown)
    page.reload()
    page.wait_for_selector("#claims-controls[data-ready]")
    assert page.locator(".fa-claim:not([hidden])").count() == len(shown) < total


@pytest.mark.parametrize("width", [375, 414])
@pytest.mark.parametrize("path", ["compare/?fw=pytorch,tensorflow", "compare/?fw=pytorch,jax,keras", "topics/hardware/"])
def test_phones_read_without_sideways_scrolling(browser, base_url, width, path):
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    wide = page.eval_on_selector_all(".fa-table-wrap", "ws => ws.filter(w => w.scrollWidth > w.clientWidth + 1).length")
    assert wide == 0, f"{wide} table(s) scroll sideways at {width}px"
    context.close()


def test_six_frameworks_fit_a_laptop_without_sideways_scrolling(page, base_url):
    page.goto(base_url + "compare/")
    page.wait_for_selector("#compare-controls[data-ready]")
    visible = page.eval_on_selector_all("#compare-table section:first-child thead th[data-framework]",
                                        "ths => ths.filter(t => getComputedStyle(t).display !== 'none').length")
    assert visible == 6
    wide = page.eval_on_selector_all("#compare-table .fa-table-wrap", "ws => ws.filter(w => w.scrollWidth > w.clientWidth + 1).length")
    assert wide == 0


# every word of four letters or more in the visible article, and whether its letters lie on one line
WORDS_BROKEN = """() => { const out = []; const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) { const n = walker.currentNode; const el = n.parentElement;
    if (!el || el.closest('.fa-search-only, .fa-url, .fa-cell-body, [hidden], thead') || !el.offsetParent) continue;
    const re = /[A-Za-z][A-Za-z0-9]{3,}/g; let m;
    while ((m = re.exec(n.data))) { const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
      const rects = [...r.getClientRects()].filter(x => x.width > 0);
      if (rects.length > 1 && Math.abs(rects[0].top - rects[1].top) > 2) out.push(m[0]); } }
  return [...new Set(out)] }"""


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("path", ["compare/", "compare/?fw=pytorch,tensorflow,jax", "topics/hardware/",
                                  "topics/deployment/", "topics/execution/"])
def test_no_word_breaks_inside_itself(browser, base_url, width, path):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(base_url + path)
    page.add_style_tag(content=".fa-offscreen { content-visibility: visible !important; }")
    assert page.evaluate(WORDS_BROKEN) == []
    context.close()


def test_the_finder_reads_python_ranges_open_and_closed(page, base_url):
    page.goto(base_url + "finder/?py=3.14")
    page.wait_for_selector("#finder-controls[data-ready]")
    verdicts = dict(page.eval_on_selector_all("#finder-results tbody tr",
                                              "rows => rows.map(r => [r.dataset.framework, r.dataset.verdict])"))
    assert verdicts["keras"] == "yes"       # "3.11+": a pure-Python wheel
    assert verdicts["pytorch"] == "yes"     # "3.11-3.15"
    assert verdicts["tensorflow"] == "no"   # "3.10-3.13"
