"""Issue 22 in Chromium: cells say their short answer in full, ended support never reads
as current, and the finder never claims more than the data says."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe


def verdicts(page) -> dict[str, tuple[str, str]]:
    """framework id -> (verdict of the first need, its text)."""
    page.wait_for_selector("#finder-controls[data-ready]")
    return {row[0]: (row[1], row[2]) for row in page.eval_on_selector_all(
        "#finder-results tbody tr",
        "rows => rows.map(r => { const td = r.querySelector('td[data-verdict]:not([data-label=Verdict])')"
        " || r.querySelectorAll('td')[1]; return [r.dataset.framework, td.dataset.verdict, td.innerText] })")}


def test_a_cell_names_its_apis_without_a_tap(page, base_url):
    page.goto(base_url + "topics/distributed/")
    cell = page.locator("td#pytorch--distributed\\.data_parallel")
    summary = cell.locator("summary")
    assert cell.locator(".fa-cell-body").is_hidden()
    # the level and the API names are both in the closed cell
    assert summary.locator(".fa-v").inner_text().strip().endswith("official")
    assert "DistributedDataParallel" in summary.inner_text().replace("\u200b", "")
    # a long list is cut, and the rest waits behind the tap
    sharding = page.locator("td#pytorch--distributed\\.model_sharding summary")
    assert "more" in sharding.locator(".fa-more-names").inner_text()
    sharding.click()
    assert page.locator("td#pytorch--distributed\\.model_sharding .fa-apis code").count() > 3


def test_a_route_is_named_in_the_cell(page, base_url):
    page.goto(base_url + "topics/hardware/")
    summary = page.locator("td#tensorflow--hardware\\.apple_silicon summary")
    assert "through tensorflow-metal" in summary.inner_text().lower()


def test_the_hardware_table_fits_a_laptop_and_a_half(page, base_url):
    page.goto(base_url + "topics/hardware/")
    height = page.evaluate("document.querySelector('table.fa-matrix').getBoundingClientRect().height")
    assert height <= 1.5 * 900, f"the hardware table is {height:.0f}px tall at 1280x900"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_ended_support_has_its_own_colour_sign_and_word(page, base_url, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(base_url + "topics/hardware/")

    def look(selector):
        return page.eval_on_selector(
            selector, "e => { const v = e.querySelector('summary .fa-v'), f = v.querySelector('.fa-value');"
            " return [v.className, getComputedStyle(f).color, getComputedStyle(f, '::before').content,"
            " e.querySelector('summary').innerText] }")

    ended = look("td#tensorflow--hardware\\.windows_native_gpu")   # GPU on native Windows ended after 2.10
    current = look("td#pytorch--hardware\\.windows_native_gpu")
    assert "fa-ended" in ended[0] and "fa-ended" not in current[0]
    assert ended[1] != current[1] and ended[2] != current[2]
    assert "ended" in ended[3] and "2.10" in ended[3]
    # the legend explains it, with the same sign
    strip = page.locator(".fa-legend-strip .fa-ended .fa-value")
    assert strip.inner_text() == "ended"
    assert strip.evaluate("e => getComputedStyle(e, '::before').content") == ended[2]
    results = Axe().run(page, options={"runOnly": ["color-contrast"]})
    assert results.response["violations"] == [], [
        (v["id"], [n["target"] for n in v["nodes"][:3]]) for v in results.response["violations"]]


def test_onnx_export_never_counts_an_importer(page, base_url):
    page.goto(base_url + "finder/?need=onnx")
    seen = verdicts(page)
    assert seen["tinygrad"][0] == "no" and "import" in seen["tinygrad"][1]   # tinygrad only reads ONNX files
    assert seen["pytorch"][0] == "yes" and seen["mindspore"][0] == "yes"


def test_ready_made_questions_count_official_or_plugin(page, base_url):
    page.goto(base_url + "finder/")
    page.wait_for_selector("#finder-controls[data-ready]")
    for link in page.locator("a[data-question]").all():
        assert "level=any" not in link.get_attribute("href")
    page.get_by_role("link", name="I have a Mac").first.click()
    seen = verdicts(page)
    assert page.is_checked("input[name=level][value=plugin]")
    # JAX on Apple GPUs is a community route: shown with who keeps it, never as "yes"
    assert seen["jax"][0] != "yes" and "third-party" in seen["jax"][1]
    assert seen["pytorch"][0] == "yes"
    # and choosing "anything offered" still says who maintains it
    page.check("input[name=level][value=any]")
    seen = verdicts(page)
    assert seen["jax"][0] == "yes" and "third-party" in seen["jax"][1]


def test_an_accelerator_on_an_os_needs_data_on_the_pair(page, base_url):
    # PyTorch's AMD support and its Windows wheels are two separate facts: only builds answer the pair
    page.goto(base_url + "finder/?need=hardware.amd_rocm&os=Windows")
    seen = verdicts(page)
    assert all(v != "yes" for v, _ in seen.values()), seen
    # PyTorch's builds say so (ROCm builds are Linux-only): a "no" that rests on data covering the pair
    assert seen["pytorch"][0] == "no" and "no build for Windows" in seen["pytorch"][1]
    # tinygrad has no builds (kernels compiled at run time): the pair is simply not known
    assert seen["tinygrad"][0] == "unknown" and "Windows" in seen["tinygrad"][1]
    # rows that speak for an OS still answer: Apple silicon GPUs on macOS, CPUs anywhere
    page.goto(base_url + "finder/?need=hardware.apple_silicon&os=macOS")
    assert verdicts(page)["pytorch"][0] == "yes"
    page.goto(base_url + "finder/?need=hardware.cpu&os=Windows")
    assert verdicts(page)["pytorch"][0] == "yes"
    # and a need without an OS is answered as before
    page.goto(base_url + "finder/?need=hardware.amd_rocm")
    assert verdicts(page)["pytorch"][0] == "yes"


def test_verdicts_read_naturally(page, base_url):
    page.goto(base_url + "finder/?need=hardware.tpu,onnx")
    page.wait_for_selector("#finder-controls[data-ready]")
    text = page.locator("#finder-results").inner_text() + page.locator("#finder-status").inner_text()
    assert "misses" not in text and "need(s)" not in text
    assert "not supported" in text or "has none" in text
