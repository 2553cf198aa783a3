"""The store's ruamel.yaml settings give every real data file back byte for byte."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fwatlas.index import store
from fwatlas.index.derive import ReleaseInfo

REPO = Path(__file__).parents[2]
REAL = sorted((REPO / "data" / "frameworks").glob("*.yaml")) + sorted((REPO / "data" / "tools").glob("*.yaml"))


def test_there_are_real_files():
    assert len(REAL) > 20


@pytest.mark.parametrize("path", REAL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_file_round_trips_byte_for_byte(path):
    text = path.read_text(encoding="utf-8")
    assert store.roundtrip(text) == text


def test_both_sequence_layouts_and_folded_text_survive():
    text = ("a:\n- x\n- 'y'\nb: a long value folded by another tool\n  over two lines\n"
            "c: ['one', 'two',\n  'three']\n")
    assert store.sequence_offset(text) == 0
    assert store.roundtrip(text) == text


def test_a_changed_value_changes_only_its_line():
    text = ("# top comment\nfacts:\n  x:\n    value: \"3.10\"  # why\n    note: a long note that an\n"
            "      older tool folded\n")
    data = store.load_text(text)
    data["facts"]["x"]["value"] = "3.11"
    out = store.dump_text(data, like=text)
    assert out == text.replace('"3.10"  # why', '"3.11"  # why')


def info(version: str, day: dt.date | None = dt.date(2026, 1, 2), python=("3.12", "3.13")) -> ReleaseInfo:
    return ReleaseInfo(version=version, uploaded=day, python=list(python), free_threaded=[],
                       platforms=["linux-x86_64"], yanked=False, requires_python=">=3.12")


def test_update_keeps_comments_and_inserts_newest_first():
    doc = store.update(None, "fw", "https://index.example/simple/",
                       [("pkg", "https://index.example/simple/pkg/", [info("1.0.0")])])
    text = store.dump_text(doc)
    assert text.startswith(store.HEADER)
    text = text.replace('      - version: "1.0.0"\n', '      - version: "1.0.0"\n        # checked by hand\n')
    doc = store.update(store.load_text(text), "fw", "https://index.example/simple/",
                       [("pkg", "https://index.example/simple/pkg/",
                         [info("1.1.0", None), info("1.0.0")])])
    new = store.dump_text(doc, like=text)
    assert "        # checked by hand\n" in new
    assert new.index('"1.1.0"') < new.index('"1.0.0"')
    assert "uploaded: unknown" in new
    assert new.replace('      - version: "1.1.0"\n        uploaded: unknown\n'
                       '        python: ["3.12", "3.13"]\n        platforms: [linux-x86_64]\n'
                       '        requires_python: ">=3.12"\n', "") == text


def test_a_bad_machine_file_is_a_positioned_problem(tiny):
    from support import edit
    from fwatlas.load import load
    edit(tiny, "data/index/alpha.yaml", replace=["uploaded: 2019-09-30", "uploaded: soon"])
    kb, problems = load(tiny)
    assert "alpha" not in kb.index and "alpha" in kb.frameworks
    assert {(p.file, p.line) for p in problems} == {("data/index/alpha.yaml", 26)}, [p.text() for p in problems]
