"""A corpus of malformed data files, all loaded at once next to good data: each
yields exactly its expected problems (rule and line, from its `# expect:` line),
never a traceback, and no bad file hides another's problems."""
from __future__ import annotations

import re
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
