"""Issue 22 in Chromium: deep links land below every sticky header, highlighted and open;
nothing sticky covers the site header; every table page reads as cards on a 375 px phone
(no sideways scrolling, no word broken inside itself, a way to jump on long pages); the
site search finds every name a row holds and lands on the row with a short snippet."""
from __future__ import annotations

import re

import pytest

from support import search, sections

TOPIC = "topics/hardware/"
CELL = "pytorch--hardware.amd_rocm"
ROW = "hardware.amd_rocm"
# every page with tables (a framework page for its facts, releases and wheel matrix)
TABLE_PAGES = ["topics/hardware/", "topics/deployment/", "compare/", "compare/?fw=pytorch,tensorflow", "platforms/",
               "frameworks/pytorch/", "frameworks/keras/", "tools/",
               "finder/?need=hardware.apple_silicon,deployment.mobile_edge,onnx", "freshness/", "snippets/"]
PHONE = {"width": 375, "height": 800}


def phone(browser, scheme: str = "light"):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, color_scheme=scheme)
    return context, context.new_page()


def settle(page) -> None:
    """Two animation frames: tables.js places floating header rows and lands links on frames."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50))))")


def header_bottom(page) -> float:
    return page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")


def floating_head_bottom(page, el_id: str) -> float:
    """The bottom of the header row of the table holding `el_id`, where it is drawn now."""
    return page.evaluate("""id => { const t = document.getElementById(id).closest('table');
        const h = t.tHead; if (!h || getComputedStyle(h).position === 'absolute') return 0;
        return h.getBoundingClientRect().bottom }""", el_id)


def box(page, el_id: str, row: bool = False) -> dict:
    return page.evaluate("""([id, row]) => { let e = document.getElementById(id); if (row) e = e.closest('tr');
        const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right} }""",
                         [el_id, row])


def assert_lands(page, el_id: str, row: bool = False) -> None:
    settle(page)
    b = box(page, el_id, row)
    limit = max(header_bottom(page), floating_head_bottom(page, el_id))
    assert limit - 1 <= b["top"] <= limit + 40, (el_id, b, limit)
    assert b["top"] < page.viewport_size["height"] - 40
    # nothing sticky covers it: the point just inside its top edge belongs to it
    inside = page.evaluate("""([id, row, x, y]) => { let e = document.getElementById(id); if (row) e = e.closest('tr');
        const hit = document.elementFromPoint(x, y); return !!hit && (e.contains(hit) || hit.contains(e)) }""",
                           [el_id, row, b["left"] + 20, b["top"] + 6])
    assert inside, f"{el_id}: its top edge is covered"


def luminance(rgb) -> float:
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def rgb(text: str) -> tuple[int, ...]:
    return tuple(int(float(x)) for x in re.findall(r"[\d.]+", text)[:3])


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(rgb(a)), luminance(rgb(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def page_background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


# -- A. deep links --------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_cell_link_on_first_load_lands_below_the_headers_highlighted_and_open(page, base_url, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(base_url + f"{TOPIC}#{CELL}")
    page.wait_for_load_state("load")
    assert_lands(page, CELL)
    cell = page.locator(f"td[id='{CELL}']")
    assert cell.locator("details.fa-cell").get_attribute("open") is not None
    assert cell.locator(".fa-cell-body").is_visible()
    style = cell.evaluate("e => { const s = getComputedStyle(e); return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor] }")
    assert style[0] == "solid" and style[1] >= 2
    assert contrast(style[2], page_background(page)) >= 3, style  # non-text contrast, both schemes
    assert cell.evaluate("e => e.classList.contains('fa-target')")


def test_a_row_link_on_first_load_lands_below_the_floating_header_row(page, base_url):
    page.goto(base_url + f"{TOPIC}#{ROW}")
    page.wait_for_load_state("load")
    assert_lands(page, ROW, row=True)
    row = page.locator(f"[id='{ROW}']").locator("xpath=ancestor::tr")
    assert row.evaluate("e => e.classList.contains('fa-target')")
    assert row.locator("th").evaluate("e => getComputedStyle(e).boxShadow") not in ("none", "")
    # the table's header row floats above it, below the site header, and names the columns
    head = page.evaluate("document.querySelector('table.fa-matrix thead').getBoundingClientRect().top")
    assert abs(head - header_bottom(page)) <= 2


def test_links_on_the_page_and_hashchange_land_too(page, base_url):
    page.goto(base_url + TOPIC)
    # an in-page link in a cell: Keras follows its backends, each a link to that cell
    keras = page.locator("td[id='keras--hardware.amd_rocm']")
    keras.locator("summary").click()
    keras.locator(".fa-links-line a", has_text="TensorFlow").click()
    page.wait_for_url(re.compile(r"#tensorflow--hardware\.amd_rocm$"))
    assert_lands(page, "tensorflow--hardware.amd_rocm")
    assert page.locator("td[id='tensorflow--hardware.amd_rocm'] details").get_attribute("open") is not None
    # a row heading's own link, then the same link again (no hashchange): it lands again
    page.locator("[id='hardware.tpu'] a").click()
    assert_lands(page, "hardware.tpu", row=True)
    page.mouse.wheel(0, 900)
    settle(page)
    page.locator("[id='hardware.tpu'] a").evaluate("a => a.click()")
    assert_lands(page, "hardware.tpu", row=True)
    # a hash set by a script
    page.evaluate("location.hash = '#jax--hardware.windows_native_gpu'")
    assert_lands(page, "jax--hardware.windows_native_gpu")
    assert page.locator("td.fa-target").count() == 1
    assert page.locator("td[id='jax--hardware.windows_native_gpu'] details").get_attribute("open") is not None


def test_a_cell_link_lands_on_a_phone(browser, base_url):
    context, page = phone(browser)
    page.goto(base_url + f"{TOPIC}#{CELL}")
    page.wait_for_load_state("load")
    # its card lands below the site header, with the row's label above the open cell
    assert_lands(page, CELL, row=True)
    cell = box(page, CELL)
    assert header_bottom(page) < cell["top"] and cell["bottom"] <= PHONE["height"]
    assert page.locator(f"td[id='{CELL}'] .fa-cell-body").is_visible()
    assert page.locator(f"td[id='{CELL}']").evaluate("e => e.classList.contains('fa-target')")
    context.close()


@pytest.mark.parametrize("size", [{"width": 1280, "height": 900}, PHONE])
def test_a_tool_link_opens_its_group_and_lands_on_the_row(browser, base_url, size):
    context = browser.new_context(viewport=size)
    page = context.new_page()
    page.goto(base_url + "tools/#tool-litert")
    page.wait_for_load_state("load")
    assert_lands(page, "tool-litert", row=True)
    assert page.locator("details.fa-group[data-group='mobile-edge']").get_attribute("open") is not None
    assert page.locator("[id='tool-litert']").locator("xpath=ancestor::tr").evaluate("e => e.classList.contains('fa-target')")
    context.close()


# every point of the site header belongs to the header, at every scroll position that
# takes a table's top or bottom past it, and in between
HEADER_CLEAR = """async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const header = document.querySelector('.md-header');
  const bottom = header.getBoundingClientRect().bottom;
  const stops = new Set();
  for (const t of document.querySelectorAll('article table')) {
    if (!t.offsetParent) continue;
    const r = t.getBoundingClientRect(), top = r.top + scrollY, end = r.bottom + scrollY;
    for (const d of [-60, -20, -5, 0, 5, 20, 60, 120]) { stops.add(Math.round(top - bottom + d)); stops.add(Math.round(end - bottom + d)); }
    stops.add(Math.round((top + end) / 2));
  }
  const bad = [];
  for (const y of [...stops].filter(y => y >= 0).sort((a, b) => a - b)) {
    window.scrollTo(0, y);
    await frame();
    for (let x = 4; x < innerWidth; x += 37) for (const yy of [1, bottom / 2, bottom - 1]) {
      const e = document.elementFromPoint(x, yy);
      if (e && !e.closest('.md-header')) bad.push([y, x, yy, e.tagName, e.className, (e.textContent || '').trim().slice(0, 30)]);
    }
    if (bad.length) break;
  }
  return bad.slice(0, 3);
}"""


@pytest.mark.parametrize("path", TABLE_PAGES)
def test_nothing_sticky_covers_the_site_header(browser, base_url, path):
    for size in ({"width": 1280, "height": 900}, PHONE):
        context = browser.new_context(viewport=size)
        page = context.new_page()
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        page.add_style_tag(content=".fa-offscreen { content-visibility: visible !important; }")
        assert page.evaluate(HEADER_CLEAR) == [], (path, size)
        context.close()


# -- B. phones -----------------------------------------------------------------------------

# every word of four letters or more in visible text, and whether its letters lie on one line
WORDS_BROKEN = """() => { const out = []; const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) { const n = walker.currentNode; const el = n.parentElement;
    if (!el || el.closest('.fa-search-only, .fa-url, [hidden], thead, details:not([open]) > :not(summary)') || !el.offsetParent) continue;
    const re = /[A-Za-z][A-Za-z0-9]{3,}/g; let m;
    while ((m = re.exec(n.data))) { const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
      const rects = [...r.getClientRects()].filter(x => x.width > 0);
      if (rects.length > 1 && Math.abs(rects[0].top - rects[1].top) > 2) out.push(m[0]); } }
  return [...new Set(out)] }"""

# a table that reads as cards: its header row hidden, each body row a block of its own, and
# every cell but a row's first named by its column
NOT_CARDS = """() => [...document.querySelectorAll('article table')].filter(t => t.offsetParent && t.tBodies.length && t.tHead)
  .flatMap(t => { const out = []; const head = t.tHead.getBoundingClientRect();
    if (head.width > 2 || head.height > 2) out.push('header row shown: ' + t.className);
    for (const row of t.tBodies[0].rows) { if (getComputedStyle(row).display === 'table-row') { out.push('table row: ' + t.className); break; }
      for (const cell of [...row.cells].slice(1)) if (cell.tagName === 'TD' && cell.colSpan === 1 && !cell.dataset.label) { out.push('unlabelled: ' + t.className + ' ' + cell.textContent.slice(0, 20)); break; } }
    return out.slice(0, 2) })"""


@pytest.mark.parametrize("path", TABLE_PAGES)
def test_every_table_page_reads_as_cards_on_a_phone(browser, base_url, path):
    context, page = phone(browser)
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    page.add_style_tag(content=".fa-offscreen { content-visibility: visible !important; }")
    # open every folded group and cell: open notes and links must fit too
    page.evaluate("document.querySelectorAll('details.fa-group, details.fa-cell, details.fa-older-wheels').forEach(d => d.open = true)")
    settle(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    assert page.evaluate(NOT_CARDS) == [], path
    assert page.evaluate(WORDS_BROKEN) == [], path
    # nothing runs off the right edge of the screen
    off = page.evaluate("""() => [...document.querySelectorAll('article td, article th, .fa-note, .fa-notes')]
        .filter(e => e.offsetParent && e.getBoundingClientRect().right > innerWidth + 0.5 && !e.closest('thead'))
        .map(e => e.tagName + ' ' + e.textContent.trim().slice(0, 40))""")
    assert off == [], (path, off[:3])
    context.close()


def test_the_tools_page_is_short_on_a_phone_and_jumps_to_each_group(browser, base_url):
    context, page = phone(browser)
    page.goto(base_url + "tools/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollHeight") < 20_000
    groups = page.locator("details.fa-group")
    assert groups.count() >= 5
    assert page.locator("details.fa-group[open]").count() == 0  # folded on a phone, each names its tools
    assert "TorchServe" in page.locator("details.fa-group[data-group='server'] > summary").inner_text()
    links = page.locator("nav.fa-jump a")
    assert links.count() == groups.count()
    page.locator("nav.fa-jump a[href='#hardware']").click()
    settle(page)
    assert page.locator("details.fa-group[data-group='hardware']").get_attribute("open") is not None
    top = page.evaluate("document.getElementById('hardware').getBoundingClientRect().top")
    assert header_bottom(page) <= top <= header_bottom(page) + 80
    # even opened, a group of cards keeps the page within reach, and its notes wrap
    assert page.evaluate("document.documentElement.scrollHeight") < 20_000
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_the_tools_page_stays_whole_on_a_desktop(page, base_url):
    page.goto(base_url + "tools/")
    assert page.locator("details.fa-group:not([open])").count() == 0
    assert page.locator("nav.fa-jump a").count() == page.locator("details.fa-group").count()
    assert page.evaluate(WORDS_BROKEN) == []


@pytest.mark.parametrize("path", ["compare/", "frameworks/pytorch/", "frameworks/tensorflow/"])
def test_long_pages_have_a_way_to_jump_on_a_phone(browser, base_url, path):
    context, page = phone(browser)
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    menu = page.locator("nav.fa-jump-float")
    assert menu.count() == 1
    button = menu.locator("button")
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    links = menu.locator("a")
    assert links.count() >= 4
    target = links.nth(3)
    anchor = target.get_attribute("href")[1:]
    target.click()
    settle(page)
    assert button.get_attribute("aria-expanded") == "false"
    top = page.evaluate("id => document.getElementById(decodeURIComponent(id)).getBoundingClientRect().top", anchor)
    assert 40 <= top <= 160
    context.close()


# -- C. search -----------------------------------------------------------------------------

def test_a_query_naming_a_need_ranks_the_rows_that_have_it_first(page, base_url):
    results = search(page, base_url, "onnx export")
    best = sections(results)[0]
    assert best["href"].endswith("topics/deployment/#deployment.exchange_formats"), best
    assert not best["missing"] and "Missing" not in best["text"]
    assert "ONNX" in best["text"]


@pytest.mark.parametrize("terms", ["intel mac", "mac intel"])
def test_intel_mac_reaches_the_last_intel_mac_wheels(page, base_url, terms):
    results = search(page, base_url, terms)
    best = sections(results)[0]
    assert best["href"].endswith("platforms/#intel-mac"), [r["href"] for r in sections(results)[:5]]
    page.goto(best["href"])
    section = page.locator(".fa-intel-mac")
    assert section.is_visible()
    assert re.search(r"PyTorch: last Intel-Mac wheels in 2\.\d+\.\d+", section.inner_text())
    # the table column names the same answer
    assert page.locator("table.fa-spans thead a[href='#intel-mac']").count() == 1


@pytest.mark.parametrize("terms,row", [
    ("PJRT", "frameworks/jax/#hardware.intel_gpu"),       # a word of a note
    ("DistributedDataParallel", "#distributed.data_parallel"),  # an API name
    ("TorchServe", "tools/#tool-torchserve"),             # a tool name
    ("tensorflow-metal", "#hardware.apple_silicon"),      # a route name
])
def test_what_a_cell_holds_is_found_and_lands_on_its_row(page, base_url, terms, row):
    results = search(page, base_url, terms)
    rows = sections(results)
    assert any(r["href"].endswith(row) for r in rows), [r["href"] for r in rows[:8]]
    # never a whole table flattened into one section: a hit on a table page is a row (a tool,
    # a dimension) or a group's list of names, each with a short snippet
    for r in rows[:8]:
        if re.search(r"#(tool-[a-z0-9-]+|[a-z_]+\.[a-z_0-9]+)$", r["href"]) or re.search(r"/(tools|topics/[a-z]+)/#", r["href"]):
            assert len(r["text"]) < 700, (r["href"], len(r["text"]), r["text"])
    hit = next(r for r in rows if r["href"].endswith(row))
    assert re.search(re.escape(terms.split("-")[0]), hit["text"], re.I)


def test_keywords_rank_but_are_not_shown(page, base_url):
    results = search(page, base_url, "macbook")
    best = sections(results)[0]
    assert re.search(r"(topics|frameworks)/[a-z]+/#hardware\.apple_silicon$", best["href"])
    assert all("macbook" not in r["text"].lower() for r in results), [r["text"] for r in results if "macbook" in r["text"].lower()][:1]
    assert best["text"].strip()  # a snippet is still shown
