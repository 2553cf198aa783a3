"""Text from YAML can never become markup or script: every payload is escaped
in every page, and unsafe URLs or ids are refused with a clear problem."""
from __future__ import annotations

import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from fwatlas.pipeline import check_project
from support import PAYLOADS, TODAY, edit, poison
from test_build import ENV, MKDOCS


class _Scan(HTMLParser):
    """Finds anything a payload could have turned into live markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self._script = False
        self._json = False

    def handle_starttag(self, tag, attrs):
        self._script = tag == "script"
        # a JSON data block is never run; it must only stay unable to close its element
        self._json = self._script and ("type", "application/json") in attrs
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "__pwned" in value:
                self.findings.append(f"<{tag} {name}=...>")
            if name in ("href", "src") and value.strip().lower().startswith(("javascript:", "data:")):
                self.findings.append(f"<{tag} {name}={value[:40]}>")
        if tag in ("svg", "img") and any(n == "onerror" or n == "onload" for n, _ in attrs):
            self.findings.append(f"<{tag} with event handler>")

    def handle_data(self, data):
        if self._script and self._json:
            if "<" in data:
                self.findings.append("JSON data block with a raw '<'")
        elif self._script and "__pwned" in data:
            self.findings.append("script containing the payload")

    def handle_endtag(self, tag):
        self._script = False


def scan_site(site: Path) -> list[str]:
    findings = []
    for page in site.rglob("*.html"):
        scan = _Scan()
        scan.feed(page.read_text(encoding="utf-8"))
        findings += [f"{page.relative_to(site)}: {f}" for f in scan.findings]
    return findings


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_payload_in_every_text_field_is_escaped(tiny, tmp_path, payload):
    if "\n" in payload:
        # a line break in a one-line field (a name, a title, a short value) is refused by content.one-line,
        # and by nothing else; the rest of the test runs with the payload on one line
        poisoned = tmp_path / "multi"
        shutil.copytree(tiny, poisoned)
        poison(poisoned, payload)
        _, problems = check_project(poisoned, TODAY)
        errors = {p.rule for p in problems if p.severity == "error"}
        assert errors == {"content.one-line"}, errors
        payload = payload.replace("\n", " ")
    poison(tiny, payload)
    _, problems = check_project(tiny, TODAY)
    assert [p.text() for p in problems if p.severity == "error"] == []
    result = subprocess.run(MKDOCS + ["build", "--strict", "-f", str(tiny / "mkdocs.yml"), "-d", str(tmp_path / "s")],
                            capture_output=True, text=True, env=ENV)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert scan_site(tmp_path / "s") == []
    # Jinja syntax in data stays text: it is never evaluated
    if "{{ 7*7 }}" in payload:
        html = (tmp_path / "s/frameworks/alpha/index.html").read_text()
        assert "{{ 7*7 }}" in html and "49jinja" not in html


BAD_URLS = ["javascript:window.__pwned=1", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>", "//evil.example/x", "ftp://example.org/x",
            "https://exa mple.org/"]


@pytest.mark.parametrize("url", BAD_URLS)
def test_unsafe_urls_are_refused(tiny, url):
    edit(tiny, "data/frameworks/alpha.yaml", replace=["url: https://alpha.example.org/gpu", f"url: {url!r}"])
    _, problems = check_project(tiny, TODAY)
    [p] = [p for p in problems if p.file == "data/frameworks/alpha.yaml"]
    assert p.rule == "schema.value" and "http(s) URL" in p.message


@pytest.mark.parametrize("bad_id", ["alpha\u200b", "\u202ealpha", "../alpha", "alpha/../../x", "Alpha", "-alpha"])
def test_ids_cannot_escape_the_output_folder(tiny, bad_id):
    edit(tiny, "data/frameworks/alpha.yaml", replace=["id: alpha", f"id: {bad_id!r}"])
    _, problems = check_project(tiny, TODAY)
    rules = {p.rule for p in problems if p.file == "data/frameworks/alpha.yaml"}
    assert rules == {"schema.format"}


def test_file_names_outside_the_id_pattern_are_refused(tiny):
    src = tiny / "data/tools/alpha-serving.yaml"
    src.rename(tiny / "data/tools/alpha\u200bserving.yaml")
    _, problems = check_project(tiny, TODAY)
    assert any(p.rule == "schema.id-filename" for p in problems)
