"""The compare page in a real browser: the URL keeps the selection, filters hide rows."""
from __future__ import annotations

from urllib.parse import parse_qs


def visible_rows(page) -> list[str]:
    return page.eval_on_selector_all("#compare-table tr[data-dimension]",
                                     "rows => rows.filter(r => r.offsetParent !== null).map(r => r.dataset.dimension)")


def open_compare(page, base_url, query_string: str = "") -> None:
    page.goto(base_url + "compare/" + query_string)
    page.wait_for_selector("#compare-controls[data-ready]")  # the module script has run


def query(page) -> dict:
    # page.url can lag behind history.pushState; ask the page itself
    return parse_qs(page.evaluate("location.search").lstrip("?"))


def test_selection_goes_into_the_url_and_survives_reload(page, base_url):
    open_compare(page, base_url)
    page.click("button[data-select='topic:none']")
    page.check("input[name=topic][value=hardware]")
    page.click("button[data-select='fw:none']")
    page.check("input[name=fw][value=pytorch]")
    assert query(page)["topic"] == ["hardware"]
    assert query(page)["fw"] == ["pytorch"]
    rows = visible_rows(page)
    assert rows and all(r.startswith("hardware.") for r in rows)
    page.reload()
    page.wait_for_selector("#compare-controls[data-ready]")
    assert page.is_checked("input[name=topic][value=hardware]")
    assert not page.is_checked("input[name=topic][value=history]")
    assert not page.is_checked("input[name=fw][value=tensorflow]")
    assert visible_rows(page) == rows
    assert not page.locator("#compare-table thead th[data-framework=tensorflow]").first.is_visible()


def test_back_and_forward_restore_earlier_choices(page, base_url):
    open_compare(page, base_url)
    page.check("input[name=diff]")
    page.uncheck("input[name=topic][value=history]")
    page.go_back()
    assert page.is_checked("input[name=topic][value=history]")
    assert page.is_checked("input[name=diff]")
    page.go_back()
    assert not page.is_checked("input[name=diff]")
    page.go_forward()
    assert page.is_checked("input[name=diff]")


def test_differences_only_hides_rows_with_equal_values(page, base_url):
    open_compare(page, base_url)
    before = visible_rows(page)
    page.check("input[name=diff]")
    after = visible_rows(page)
    assert 0 < len(after) < len(before)
    # the short values of the chosen (visible) frameworks, and what kind of answer each is
    values = page.eval_on_selector_all(
        "#compare-table tr[data-dimension]",
        "rows => rows.map(r => [r.dataset.dimension, [...r.querySelectorAll('td')]"
        ".filter(td => getComputedStyle(td).display !== 'none')"
        ".map(td => [(td.querySelector('summary .fa-v') || td).textContent.trim(), td.dataset.answer])])")
    differing = [dim for dim, cells in values if len({v for v, _ in cells}) > 1]
    assert after == differing


def test_hide_unknown_hides_a_row_only_when_every_chosen_framework_is_unknown(page, base_url):
    # tinygrad's Windows GPU is unknown, PyTorch's is not: the row stays for both, goes for tinygrad alone
    open_compare(page, base_url, "?fw=pytorch,tinygrad&topic=hardware&known=1")
    assert "hardware.windows_native_gpu" in visible_rows(page)
    open_compare(page, base_url, "?fw=tinygrad&topic=hardware&known=1")
    rows = visible_rows(page)
    assert "hardware.windows_native_gpu" not in rows
    # a sourced "none" or "not applicable" is an answer, never hidden as unknown
    assert "hardware.tpu" in rows  # tinygrad: none
    open_compare(page, base_url, "?fw=theano&topic=hardware&known=1")
    assert "hardware.apple_silicon" in visible_rows(page)  # Theano: not applicable


def test_the_table_is_complete_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "compare/")
    assert not page.is_visible("#compare-controls")  # controls need the script
    rows = page.eval_on_selector_all("#compare-table tr[data-dimension]", "rows => rows.length")
    cols = page.eval_on_selector_all("#compare-table section:first-child thead th[data-framework]", "c => c.length")
    assert rows >= 40 and cols >= 2
    context.close()


def test_keyboard_alone_can_filter(page, base_url):
    open_compare(page, base_url)
    page.focus("input[name=diff]")
    page.keyboard.press(" ")
    assert query(page)["diff"] == ["1"]
    page.keyboard.press("Shift+Tab")  # back to the "None" topics button
    assert page.evaluate("document.activeElement.dataset.select") == "topic:none"
    page.keyboard.press("Enter")
    assert visible_rows(page) == []


def test_a_note_loads_when_its_cell_opens(page, base_url):
    open_compare(page, base_url, "?fw=pytorch&topic=history")
    cell = page.locator("tr[data-dimension='history.developer'] td[data-framework='pytorch'] details")
    assert cell.locator(".fa-note").inner_text() == ""  # not in the page: fetched on demand
    cell.locator("summary").click()
    note = cell.locator(".fa-note")
    page.wait_for_function("el => el.dataset.state === 'done'", arg=note.element_handle())
    assert "Facebook" in note.inner_text()
