"""The site as Zensical builds it from `fwatlas generate`, checked in Chromium: every page is
built and clean, the tables are intact, internal links (raw-HTML tables included) resolve,
the header holds one row, search finds a fact's row, the navigation and the light/dark
toggle work, the compare, finder and install scripts answer, and axe passes on three page
types. Run by the Zensical tier (`make zensical`, part of `make test`), which installs the
pinned Zensical, builds the site and sets FWATLAS_ZENSICAL_SITE; the main pytest run leaves
this file out."""
from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from support import QuietHandler, hrefs

SITE = os.environ.get("FWATLAS_ZENSICAL_SITE")
ZENSICAL = os.environ.get("FWATLAS_ZENSICAL", ".venv-zensical/bin/zensical")
pytestmark = pytest.mark.skipif(not SITE, reason="the Zensical tier sets FWATLAS_ZENSICAL_SITE: run `make zensical`")
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site() -> Path:
    path = Path(SITE).resolve()
    assert (path / "index.html").is_file(), f"{path} holds no built site"
    return path


@pytest.fixture(scope="module")
def zensical_url(site):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class Log:
    def __init__(self):
        self.errors: list[str] = []
        self.external: list[str] = []
        self.requests: list[str] = []


def _open(browser, base: str, width: int = 1280, height: int = 900, scheme: str = "light", **options):
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme, **options)
    tab = context.new_page()
    log = Log()
    tab.on("console", lambda m: m.type == "error" and log.errors.append(m.text))
    tab.on("pageerror", lambda e: log.errors.append(str(e)))

    def guard(route):
        url = route.request.url
        if url.startswith(base) or url.startswith("data:"):
            log.requests.append(url[len(base):])
            route.continue_()
        else:
            log.external.append(url)
            route.abort()

    tab.route("**/*", guard)
    tab.log = log
    return tab


@pytest.fixture
def tab(browser, zensical_url):
    page = _open(browser, zensical_url)
    yield page
    page.context.close()


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("index.html"))


# -- the build -------------------------------------------------------------------------------

def test_every_generated_page_was_built(site):
    docs = site.parent / "docs"
    for md in docs.rglob("*.md"):
        rel = md.relative_to(docs).with_suffix("")
        html = site / ("index.html" if rel.as_posix() == "index" else
                       (rel.parent / "index.html" if rel.name == "index" else rel / "index.html"))
        assert html.is_file(), f"{md.relative_to(docs)} was not built"


def test_tables_are_intact(site):
    compare = (site / "compare/index.html").read_text()
    assert compare.count("<tr id=\"compare-") >= 50 and "data-lazy-note" in compare
    topic = (site / "topics/hardware/index.html").read_text()
    assert topic.count("<td id=") >= 13 * 5
    framework = (site / "frameworks/pytorch/index.html").read_text()
    assert 'id="hardware.tpu"' in framework and 'id="builds"' in framework
    install = (site / "install/index.html").read_text()
    assert 'id="install-data"' in install and "install.js" in install


def test_internal_links_resolve(site):
    """Every href of the built site reaches a file, and every #fragment an id on it: the
    tables' raw-HTML links are written as source paths, which Zensical resolves itself."""
    from fwatlas.generate import read_mkdocs_config
    from fwatlas.sitelinks import check_site

    site_url = read_mkdocs_config(site.parent / "mkdocs.yml").get("site_url") or "/"
    problems = check_site(site, urlsplit(site_url).path or "/")
    assert problems == [], [p.text() for p in problems[:10]]
    topic = (site / "topics/hardware/index.html").read_text()
    assert 'href="../../frameworks/pytorch/"' in topic  # a table header's link, resolved by Zensical


def test_the_same_link_resolves_alike_in_both_builders(tmp_path):
    """The evidence for the link form: one small project with every form of link the pages
    use, raw HTML and Markdown, built by Zensical and by MkDocs (with the srclinks hook that
    `fwatlas generate` writes). Raw-HTML source paths come out as the Markdown links do, and
    the same in both builders."""
    from fwatlas.generate import LINKS_HOOK
    from fwatlas.srclinks import __file__ as hook_source

    project = tmp_path / "p"
    (project / "docs/sub").mkdir(parents=True)
    (project / "docs/assets").mkdir()
    (project / "docs/assets/x.js").write_text("")
    (project / Path(LINKS_HOOK).parent).mkdir()
    (project / LINKS_HOOK).write_text(Path(hook_source).read_text())
    (project / "mkdocs.yml").write_text(f"site_name: T\ntheme: {{name: material}}\nhooks: [{LINKS_HOOK}]\n"
                                        "markdown_extensions: [attr_list, md_in_html, toc]\n")
    (project / "docs/index.md").write_text("# Home\n")
    (project / "docs/sub/index.md").write_text("# Sub\n")
    (project / "docs/sub/b.md").write_text("# B\n\n## Row {#row.x}\n")
    links = ["sub/b.md#row.x", "sub/b.md", "sub/index.md", "index.md", "./", "a.md#top", "sub/b.md?fw=1#row.x",
             "assets/x.js", "sub/"]
    raw = " ".join(f'<a class="raw" href="{h}">{i}</a>' for i, h in enumerate(links))
    md = " ".join(f"[{i}]({h}){{.md}}" for i, h in enumerate(links))
    (project / "docs/a.md").write_text(f"# A {{#top}}\n\n<p>{raw}</p>\n\n{md}\n")
    (project / "docs/sub/c.md").write_text('# C\n\n<p><a class="raw" href="b.md#row.x">0</a> '
                                           '<a class="raw" href="../a.md#top">1</a> <a class="raw" href="../">2</a></p>\n')
    zensical = subprocess.run([str(REPO / ZENSICAL), "build", "-f", "mkdocs.yml"], cwd=project,
                              capture_output=True, text=True)
    assert zensical.returncode == 0, zensical.stderr
    mkdocs = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", "site-mkdocs"],
                            cwd=project, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert mkdocs.returncode == 0, mkdocs.stderr

    from urllib.parse import urljoin

    for page in ("a/index.html", "sub/c/index.html"):  # the same targets (Zensical may spell them .././)
        url = "http://x/" + page.removesuffix("index.html")
        z = [urljoin(url, h) for h in hrefs((project / "site" / page).read_text(), "raw")]
        m = [urljoin(url, h) for h in hrefs((project / "site-mkdocs" / page).read_text(), "raw")]
        assert z == m and len(z) in (len(links), 3), page
    a = (project / "site-mkdocs/a/index.html").read_text()
    # raw HTML resolves as Markdown links to files do (MkDocs leaves a folder link in Markdown as it is)
    files = [i for i, h in enumerate(links) if ".md" in h or h.endswith(".js")]
    assert [hrefs(a, "raw")[i] for i in files] == [hrefs(a, "md")[i] for i in files]
    assert hrefs(a, "raw")[:3] == ["../sub/b/#row.x", "../sub/b/", "../sub/"]


# -- every page in Chromium -----------------------------------------------------------------

def test_every_page_is_clean(tab, site, zensical_url):
    pages = _pages(site)
    assert {"", "compare/", "finder/", "install/", "topics/hardware/", "frameworks/pytorch/"} <= set(pages)
    for path in pages:
        tab.goto(zensical_url + path)
        tab.wait_for_load_state("load")
    assert tab.log.errors == []
    assert tab.log.external == []


@pytest.mark.parametrize("width", [1280, 375])
def test_the_header_is_one_row(browser, zensical_url, width):
    """The header holds the logo, title, light/dark toggle, search and (wide) the repository
    link in one bar of Material's height; the search box never spills below it."""
    page = _open(browser, zensical_url, width=width, height=800)
    try:
        page.goto(zensical_url + "topics/hardware/")
        page.wait_for_load_state("networkidle")
        header = page.locator("header.md-header").bounding_box()
        assert 44 <= header["height"] <= 56, header
        for selector in (".md-header__title", "#fa-palette label:not([hidden])", ".md-search__button, label[for=__search]"):
            item = page.locator(selector).locator("visible=true").first
            box = item.bounding_box()
            assert box and box["y"] >= header["y"] - 1 and box["y"] + box["height"] <= header["y"] + header["height"] + 1, selector
        assert not page.get_by_text("Initializing search").is_visible()
        # nothing of the header sits below it
        low = page.evaluate("""h => [...document.querySelectorAll('header.md-header *')]
            .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
            .filter(e => e.getBoundingClientRect().bottom > h + 1).map(e => e.className || e.tagName)""",
                            header["y"] + header["height"])
        assert low == []
        # the content takes the whole width, as under MkDocs (no scrollbar gutter reserved)
        assert page.evaluate("document.body.getBoundingClientRect().width") == width
    finally:
        page.context.close()


@pytest.mark.parametrize("terms,target", [
    ("PyTorch TPU", r"frameworks/pytorch/(\?h=[^#]*)?#hardware\.tpu$"),
    ("LiteRT", r"tools/(\?h=[^#]*)?#tool-litert$"),
])
def test_search_finds_a_facts_row(tab, zensical_url, terms, target):
    tab.goto(zensical_url)
    tab.wait_for_load_state("networkidle")
    assert not any("search.json" in r for r in tab.log.requests), "the index loads only when a reader searches"
    tab.locator(".md-search__button").click()
    # type once the dialog's field has the focus, as a reader does (under load the dialog
    # opens later than a test types, and the first letters went nowhere); it sits in a shadow root
    tab.wait_for_function("""() => {
        let a = document.activeElement;
        while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
        return !!a && a.tagName === 'INPUT';
    }""", timeout=20000)
    tab.keyboard.type(terms, delay=20)
    # Zensical draws its search dialog in a shadow root
    found: list[str] = []
    for _ in range(75):
        shadow = tab.evaluate("""() => [...document.querySelectorAll('*')].filter(e => e.shadowRoot)
            .flatMap(e => [...e.shadowRoot.querySelectorAll('a')].map(a => a.href))""")
        found = [h for h in shadow if re.search(target, h)]
        if found:
            break
        tab.wait_for_timeout(200)
    assert found, shadow[:10]
    assert any("search.json" in r for r in tab.log.requests)
    tab.locator(f"a[href='{found[0]}']").first.click()  # CSS locators reach into open shadow roots
    tab.wait_for_url(re.compile(target))
    anchor = target.rsplit("#", 1)[1].rstrip("$").replace("\\", "")
    assert tab.locator(f"[id='{anchor}']").is_visible()
    assert tab.log.errors == []


def test_navigation(tab, zensical_url):
    tab.goto(zensical_url + "topics/hardware/")
    nav = tab.locator(".md-sidebar--primary")
    active = nav.locator("a.md-nav__link--active")
    assert active.count() >= 1 and "Hardware support" in active.first.inner_text()
    for label in ("Compare", "Find a framework", "All frameworks", "Install", "Myths and facts"):
        assert nav.get_by_role("link", name=label, exact=True).count() == 1, label
    assert nav.get_by_role("link", name="PyTorch", exact=True).count() == 0  # framework pages: not in the sidebar
    nav.get_by_role("link", name="All frameworks", exact=True).click()
    tab.wait_for_url(re.compile(r"/frameworks/$"))
    tab.locator("article").get_by_role("link", name="PyTorch", exact=True).first.click()
    tab.wait_for_url(re.compile(r"/frameworks/pytorch/$"))
    # the table of contents links to the page's sections
    toc = tab.locator(".md-sidebar--secondary a[href='#builds']")
    assert toc.count() == 1


def test_the_scheme_follows_the_system_and_the_toggle_is_remembered(browser, zensical_url):
    page = _open(browser, zensical_url, scheme="dark")
    try:
        page.route("**/bundle.*.min.js", lambda route: route.abort())  # chosen before any script loads
        page.goto(zensical_url, wait_until="commit")
        page.wait_for_selector("header")
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"
        page.unroute("**/bundle.*.min.js")
        page.log.errors.clear()  # the aborted bundle
        page.emulate_media(color_scheme="light")
        page.goto(zensical_url)
        scheme = lambda: page.get_attribute("body", "data-md-color-scheme")  # noqa: E731
        assert scheme() == "default"
        page.locator("#fa-palette label:not([hidden])").click()
        assert scheme() == "slate"
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
        page.goto(zensical_url + "frameworks/pytorch/")
        assert scheme() == "slate"
        page.locator("#fa-palette input:checked").focus()
        page.keyboard.press("Enter")
        assert scheme() == "default"
        page.reload()
        assert scheme() == "default"
        assert page.log.errors == []
    finally:
        page.context.close()


# -- the page scripts -----------------------------------------------------------------------

def test_compare_filters_and_opens_a_note(tab, zensical_url):
    tab.goto(zensical_url + "compare/?fw=pytorch,jax&topic=hardware")
    tab.wait_for_selector("#compare-controls[data-ready]")
    visible = tab.eval_on_selector_all("#compare-table section", "s => s.filter(x => !x.hidden).length")
    assert visible == 1
    shown = tab.eval_on_selector_all("#compare-table section:not([hidden]) thead th[data-framework]",
                                     "ths => ths.filter(t => getComputedStyle(t).display !== 'none').map(t => t.dataset.framework)")
    assert sorted(shown) == ["jax", "pytorch"]
    # a cell's note is fetched from the API on demand (a URL the page computes, not a link Zensical rewrites)
    slot = tab.locator("#compare-table section:not([hidden]) td[data-framework=pytorch] [data-lazy-note]").first
    slot.locator("xpath=ancestor::details[1]/summary").click()
    tab.wait_for_function("el => el.dataset.state === 'done'", arg=slot.element_handle())
    assert len(slot.inner_text()) > 20
    assert any(r.startswith("api/v1/frameworks/pytorch.json") for r in tab.log.requests)
    assert tab.log.errors == []


def test_finder_answers_and_links_to_the_cells(tab, zensical_url, site):
    tab.goto(zensical_url + "finder/?need=hardware.apple_silicon")
    tab.wait_for_selector("#finder-controls[data-ready]")
    rows = tab.locator("#finder-results tbody tr")
    assert rows.count() >= 5
    hrefs = tab.eval_on_selector_all("#finder-results a[href]", "els => els.map(e => e.href)")
    assert hrefs
    _assert_resolve(site, zensical_url, hrefs)
    assert tab.log.errors == []


def test_install_picker_answers_and_links_to_the_builds(tab, zensical_url, site):
    tab.goto(zensical_url + "install/?os=macos-x86_64&acc=cpu")
    tab.wait_for_selector("#install-controls[data-ready]")
    cards = dict(tab.eval_on_selector_all("#install-results article", "els => els.map(e => [e.dataset.framework, e.dataset.kind])"))
    assert cards.get("tensorflow") == "ended"
    text = tab.locator("#install-results article[data-framework=tensorflow]").inner_text()
    assert "tensorflow==2.16" in text
    hrefs = tab.eval_on_selector_all("#install-results h3 a[href]", "els => els.map(e => e.href)")
    assert any(h.endswith("frameworks/tensorflow/#builds") for h in hrefs), hrefs[:5]
    _assert_resolve(site, zensical_url, hrefs)
    assert tab.log.errors == []


def _assert_resolve(site: Path, base: str, hrefs: list[str]) -> None:
    """Links a script built: each reaches a page of the site, and its #fragment an id there."""
    from fwatlas.sitelinks import _parse

    for href in hrefs:
        if not href.startswith(base):
            continue
        parts = urlsplit(href)
        path = parts.path[len(urlsplit(base).path):]
        target = site / path / "index.html" if not path.endswith(".html") else site / path
        assert target.is_file(), href
        if parts.fragment:
            assert parts.fragment in _parse(target).ids, href


# -- accessibility ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["", "topics/hardware/", "frameworks/pytorch/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious(browser, zensical_url, path, scheme):
    page = _open(browser, zensical_url, scheme=scheme)
    try:
        page.goto(zensical_url + path)
        page.add_style_tag(content=".fa-offscreen { content-visibility: visible !important; }")
        results = Axe().run(page)
        serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in serious]
    finally:
        page.context.close()
