"""A corpus of malformed data files, all loaded at once next to good data: each
yields exactly its expected problems (rule and line, from its `# expect:` line),
never a traceback, and no bad file hides another's problems."""
from __future__ import annotations

import re

import pytest
import shutil
from pathlib import Path

from fwatlas.pipeline import check_project
from support import TODAY

CORPUS = Path(__file__).parent / "fixtures" / "malformed"


def expectations() -> dict[str, set[tuple[str, int]]]:
    result = {}
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file()):
        head = path.read_bytes().decode("utf-8", errors="replace")
        match = re.search(r"# expect: (.+)", head)
        assert match, f"{path} has no '# expect:' line"
        pairs = {(rule.strip(), int(line)) for rule, line in (e.split("@") for e in match.group(1).split(","))}
        result["data/" + path.relative_to(CORPUS).as_posix()] = pairs
    return result


def test_corpus_is_large_enough():
    assert len(expectations()) >= 30


def test_every_malformed_file_gets_exactly_its_problems(tiny):
    for path in CORPUS.rglob("*"):
        if path.is_file():
            dest = tiny / "data" / path.relative_to(CORPUS)
            shutil.copy(path, dest)
    _, problems = check_project(tiny, TODAY)
    assert all(p.rule != "internal.rule-crashed" for p in problems)
    for file, expected in expectations().items():
        found = {(p.rule, p.line) for p in problems if p.file == file}
        assert found == expected, (file, sorted(found))
        assert all(p.hint for p in problems if p.file == file), file
    # the good data around them is untouched by their problems
    assert [p.text() for p in problems if "/m-" not in p.file] == []


@pytest.mark.parametrize("rel,text", [
    ("data/tools/alpha-serving.yaml", "id: alpha-serving\nname: 'unclosed\n"),
    ("data/frameworks/alpha.yaml", "id: alpha\n\tname: Alpha\n"),
    ("data/dimensions.yaml", "topics: [\n"),
])
def test_a_file_that_fails_to_load_causes_no_follow_on_problems(tiny, rel, text):
    (tiny / rel).write_text(text)
    _, problems = check_project(tiny, TODAY)
    assert problems and {p.file for p in problems} == {rel}, [p.text() for p in problems]


@pytest.mark.parametrize("text,line,words", [
    ("id: x\nname: 'abc\nsummary: s\nfacts: {}\n", 2, "quote is never closed"),
    ("id: x\nfacts:\n  a: 1\n\tb: 2\n", 4, "tab"),
    ("id: x\nfacts:\n  a:\n    value: x\n   as_of: y\n", 5, "indented differently from the block that starts on line 3"),
    ("id: x\nfacts: " + "[" * 1000 + "]" * 1000 + "\n", 2, "nests more than"),
    ("id: x\nsummary: graded experimental: the wheels exist\n", 2, "colon followed by a space"),
])
def test_syntax_errors_name_the_line_to_fix(tiny, text, line, words):
    (tiny / "data/frameworks/alpha.yaml").write_text(text)
    _, problems = check_project(tiny, TODAY)
    [p] = [p for p in problems if p.file == "data/frameworks/alpha.yaml"]
    assert p.line == line and words in p.message + p.hint, p.text()
    assert "Traceback" not in p.message
