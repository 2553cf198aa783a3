"""Test helpers: a copy of the tiny good project, and a way to break one file of it."""
from __future__ import annotations

import datetime as dt
import os
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
