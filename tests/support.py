"""Test helpers: a copy of the tiny good project, and a way to break one file of it."""
from __future__ import annotations

import datetime as dt
import os
from http.server import SimpleHTTPRequestHandler
import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
REPO = TESTS.parent
TINY = TESTS / "fixtures" / "tiny"
TODAY = dt.date(2026, 11, 22)  # fixed, so staleness does not change under the tests


def make_project(dest: Path, data: Path = TINY / "data") -> Path:
    """A buildable project: the repo's mkdocs.yml and docs/ with the given data folder."""
    shutil.copytree(data, dest / "data")
    shutil.copytree(REPO / "docs", dest / "docs")
    shutil.copytree(REPO / "overrides", dest / "overrides")
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copy(REPO / "CONTRIBUTING.md", dest / "CONTRIBUTING.md")
    return dest


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return make_project(tmp_path / "tiny")


def edit(root: Path, rel: str, *, replace: list[str] | None = None, content: str | None = None,
         raw: bytes | None = None) -> None:
    """Change one data file: replace text (first occurrence), or write new content."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if raw is not None:
        path.write_bytes(raw)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        old, new = replace or ["", ""]
        assert old in text, f"{old!r} not found in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def update_goldens(request) -> bool:
    return request.config.getoption("--update-goldens") or os.environ.get("UPDATE_GOLDENS") == "1"


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves a built site on 127.0.0.1 without logging every request."""

    def log_message(self, *args):
        pass

    def handle(self):
        # a browser that navigates on cancels requests still in flight (a note being
        # fetched, say): that is not an error of the site under test
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass


# --- injection corpus ------------------------------------------------------
# Every payload sets window.__pwned if it ever runs; tests assert it never does.
PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '"><svg onload=window.__pwned=1>',
    "</title><script>window.__pwned=1</script>",
    "[click me](javascript:window.__pwned=1)",
    '{#evil .x onclick="window.__pwned=1"}',
    "{{ 7*7 }}{% for x in range(3) %}jinja{% endfor %}",
    "| broken | table |\n|---|---|",
    "--8<-- \"/etc/passwd\"",
    "\u202eevil\u200b zero-width and right-to-left",
    "A" * 20_000,
]
TEXT_KEYS = {"name", "summary", "note", "title", "highlights", "claim", "explanation", "label", "help",
             "description"}


def _inject(node, payload: str, key: str = "", shown: bool = False, keys=None):
    """Put the payload into every free-text field (and every text list) of a parsed data file.

    Values that tables show are at most 80 characters (rule fact.short-value), so
    there a long payload is cut to fit: the rule's own case tests the long one.
    """
    if shown or key == "value":
        payload = payload[:60]
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k in ("values", "support_levels") and isinstance(v, dict):  # vocabularies: meanings are text
                out[k] = {vk: f"{vv} {payload}" for vk, vv in v.items()}
            else:
                out[k] = _inject(v, payload, k, shown, keys)
        return out
    if isinstance(node, list):
        if key in ("formerly",) or (key == "value" and all(isinstance(x, str) for x in node) and node
                                    and not any(x.endswith("serving") for x in node)):
            return [f"{x} {payload}" for x in node]
        return [_inject(x, payload, key, shown=key == "value", keys=keys) for x in node]
    if isinstance(node, str) and key in (TEXT_KEYS if keys is None else keys):
        return f"{node} {payload}"
    return node


def poison(root: Path, payload: str) -> None:
    """Rewrite every data file of a project with the payload in all its text fields."""
    import yaml
    for path in sorted((root / "data").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        comment = text.split("\n", 1)[0] + "\n" if text.startswith("#") else ""
        # an API's `name` is its dotted import name (validated as one), not text
        keys = TEXT_KEYS - {"name"} if path.parent.name == "apis" else None
        dumped = yaml.safe_dump(_inject(yaml.safe_load(text), payload, keys=keys), allow_unicode=True,
                                sort_keys=False, width=10**9)
        path.write_text(comment + dumped, encoding="utf-8")


# -- site search in Chromium (Material's search box), shared by the browser tests --------------

def search(page, base_url, terms: str):
    page.goto(base_url)
    page.click("input.md-search__input")
    page.locator("input.md-search__input").press_sequentially(terms, delay=30)
    links = page.locator(".md-search-result__link")
    links.first.wait_for(timeout=10_000)
    page.wait_for_timeout(300)
    # "N more on this page" folds the other rows of a page: unfold them to read their snippets
    page.evaluate("document.querySelectorAll('.md-search-result__more').forEach(d => d.open = true)")
    return page.eval_on_selector_all(".md-search-result__link", """els => els.map(e => ({
        href: e.getAttribute('href').replace(/\\?h=[^#]*/, ''), text: e.innerText,
        missing: !!e.querySelector('.md-search-result__terms'),
        score: parseFloat(e.querySelector('article').dataset.mdScore)}))""")


def sections(results):
    """Results that are a section of a page (a row), best first."""
    return sorted((r for r in results if "#" in r["href"]), key=lambda r: -r["score"])


def hrefs(html: str, cls: str) -> list[str]:
    """The href of every <a> of class `cls` in html, in order."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "a" and cls in (a.get("class") or "").split():
                found.append(a.get("href") or "")

    Links().feed(html)
    return found
