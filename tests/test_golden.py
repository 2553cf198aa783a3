"""Golden files for one rendered page and one API file (refresh: pytest --update-goldens)."""
from __future__ import annotations

from pathlib import Path

from support import TINY, TODAY
from fwatlas.export import api_files
from fwatlas.load import load
from fwatlas.render import render_site

GOLDEN = Path(__file__).parent / "golden"


def _compare(name: str, actual: str, update: bool) -> None:
    path = GOLDEN / name
    if update or not path.exists():
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{name} changed; rerun with --update-goldens if intended"


def test_topic_page_golden(update_goldens):
    kb, _ = load(TINY, TODAY)
    pages = {p.path: p for p in render_site(kb)}
    _compare("topic-execution.md", pages["topics/execution.md"].markdown, update_goldens)


def test_framework_api_golden(update_goldens):
    kb, _ = load(TINY, TODAY)
    _compare("api-frameworks-alpha.json", api_files(kb)["frameworks/alpha.json"], update_goldens)
