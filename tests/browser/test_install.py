"""The install picker in Chromium (issue 20): the state lives in the URL, every answer cites
its source, the page reads without JavaScript and on a phone, and axe passes."""
from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from axe_playwright_python.sync_playwright import Axe

INTEL_MAC = "install/?os=macos-x86_64&acc=cpu"


def cards(page) -> dict[str, tuple[str, str]]:
    page.wait_for_selector("#install-controls[data-ready]")
    return {fw: (kind, text) for fw, kind, text in page.eval_on_selector_all(
        "#install-results article", "els => els.map(e => [e.dataset.framework, e.dataset.kind, e.innerText])")}


def test_the_choice_lives_in_the_url(page, base_url):
    page.goto(base_url + "install/")
    page.wait_for_selector("#install-controls[data-ready]")
    page.select_option("select[name=os]", "linux-x86_64")
    page.select_option("select[name=acc]", "cuda")
    assert page.locator("[data-gpu]").is_visible()   # the GPU generation is asked for NVIDIA only
    page.select_option("select[name=gpu]", "12.0")
    page.select_option("select[name=py]", "3.12")
    query = parse_qs(page.evaluate("location.search").lstrip("?"))
    assert query == {"os": ["linux-x86_64"], "acc": ["cuda"], "gpu": ["12.0"], "py": ["3.12"]}
    before = cards(page)
    page.reload()
    assert cards(page) == before and page.input_value("select[name=gpu]") == "12.0"
    page.go_back()
    assert "py" not in parse_qs(page.evaluate("location.search").lstrip("?"))
    # unknown values in a shared link are ignored, never echoed
    page.goto(base_url + "install/?os=<b>x</b>&acc=cuda&fw=pytorch,nosuch")
    assert page.input_value("select[name=os]") == "" and set(cards(page)) <= {"pytorch"}


def test_an_intel_mac_gets_the_last_release_that_fitted(page, base_url):
    page.goto(base_url + INTEL_MAC)
    seen = cards(page)
    kind, text = seen["tensorflow"]
    assert kind == "ended" and "2.16" in text and "tensorflow==2.16" in text   # pinned to the last fit
    # every answer with a build links its sources
    for article in page.locator("#install-results article[data-kind=ended], #install-results article[data-kind=fits]").all():
        assert article.locator(".fa-cites a").count() >= 1


def test_a_gpu_generation_is_never_assumed(page, base_url):
    page.goto(base_url + "install/?os=linux-x86_64&acc=cuda&gpu=12.0")
    for fw, (kind, text) in cards(page).items():
        assert kind in ("fits", "ended", "unknown", "no", "none"), fw
        if kind == "unknown":
            assert "GPU" in text


def test_amd_on_windows_is_answered_by_the_builds_that_exist(page, base_url):
    page.goto(base_url + "install/?os=windows-x86_64&acc=rocm")
    seen = cards(page)
    assert seen, "the picker answers"
    for fw, (kind, text) in seen.items():
        if kind == "no":
            assert "ROCm" in text or "AMD" in text or "build" in text


def test_without_javascript_the_tables_are_there(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + INTEL_MAC)
    assert page.locator("table.fa-builds").count() >= 3
    # each framework's newest builds, folded: a tap opens the commands
    page.locator("details.fa-builds-group > summary").first.click()
    assert page.locator("table.fa-builds code").first.inner_text().startswith(("pip", "python"))
    # every build with its sources is one link away, on the framework's page
    assert page.locator("details.fa-builds-group a[href*='#builds']").count() >= 3
    assert not page.locator("#install-controls").is_visible() or page.locator("#install-results article").count() == 0
    context.close()


def test_a_phone_reads_the_answers_without_sideways_scrolling(browser, base_url):
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base_url + "install/?os=linux-x86_64&acc=cuda&gpu=12.0")
    page.wait_for_selector("#install-results article")
    assert page.evaluate("document.documentElement.scrollWidth") <= 376
    box = page.locator("#install-results article").first.bounding_box()
    assert box["width"] <= 375
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_passes_on_the_install_page(page, base_url, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(base_url + "install/?os=linux-x86_64&acc=cuda&gpu=12.0")
    page.wait_for_selector("#install-results article")
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in serious]


def test_home_asks_install_questions(page, base_url):
    page.goto(base_url)
    link = page.locator(".fa-start a[href*='install/?']").first
    link.click()
    page.wait_for_selector("#install-results article")
    assert page.locator("#install-status").inner_text()
