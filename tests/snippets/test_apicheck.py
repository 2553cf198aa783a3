"""The dated-API check (snippets/apicheck.py) run against a tiny fake package in a real child
Python: present, gone, deprecated with and without the warning, and hostile names."""
from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import pytest

from fwatlas.pipeline import check_project
from fwatlas.snippets import apicheck
from support import TODAY, edit

FAKE = {
    "alpha/__init__.py": (
        "import warnings\n"
        "def compile(f=None):\n    return f\n"
        "def load(path=None):\n    warnings.warn('use alpha.compile', DeprecationWarning)\n"
        "def __getattr__(name):\n"
        "    if name == 'old':\n        warnings.warn('old is deprecated', FutureWarning)\n        return 1\n"
        "    raise AttributeError(name)\n"),
    "alpha/graph.py": "",   # Session is gone in 2.0
}


@pytest.fixture
def fake(tmp_path, monkeypatch):
    root = tmp_path / "site-packages"
    for rel, text in FAKE.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    monkeypatch.setenv("FWATLAS_APICHECK_PATH", str(root))
    return root


def results(tiny):
    kb, _ = check_project(tiny, TODAY)
    items = apicheck.plan(kb, {"alpha": "2.0.0"})
    return apicheck.check(items, Path(sys.executable), dt.date(2026, 12, 6))


def test_present_and_gone_as_dated(tiny, fake):
    got = results(tiny)
    assert got["alpha:alpha.compile"]["observed"] == "present" and got["alpha:alpha.compile"]["ok"]
    assert got["alpha:alpha.graph.Session"]["expect"] == "absent" and got["alpha:alpha.graph.Session"]["ok"]


def test_an_api_dated_too_early_or_gone_too_soon_fails(tiny, fake):
    # dated as removed after 1.10, but the pinned 2.0.0 still has it
    edit(tiny, "data/apis/alpha.yaml", replace=["  - name: alpha.compile\n    dimension: execution.jit\n    since: \"1.10\"\n",
                                                "  - name: alpha.compile\n    dimension: execution.jit\n    since: \"1.10\"\n    until: \"1.10\"\n"])
    got = results(tiny)
    assert got["alpha:alpha.compile"]["expect"] == "absent" and not got["alpha:alpha.compile"]["ok"]


def test_a_deprecation_with_a_runtime_warning_must_warn(tiny, fake):
    text = (tiny / "data/apis/alpha.yaml").read_text()
    extra = ("  - name: alpha.old\n    dimension: execution.jit\n    since: \"1.0\"\n    statuses:\n"
             "      - {status: deprecated, since: \"2.0\", warning: FutureWarning}\n"
             "    replaced_by: [alpha.compile]\n    as_of: 2026-11-01\n    sources:\n"
             "      - {url: https://alpha.example.org/x, title: x}\n"
             "  - name: alpha.load\n    dimension: execution.jit\n    since: \"1.0\"\n    statuses:\n"
             "      - {status: deprecated, since: \"2.0\", warning: DeprecationWarning}\n"
             "    replaced_by: [alpha.compile]\n    as_of: 2026-11-01\n    sources:\n"
             "      - {url: https://alpha.example.org/x, title: x}\n"
             "  - name: alpha.compile2\n    dimension: execution.jit\n    since: \"1.0\"\n    statuses:\n"
             "      - {status: deprecated, since: \"2.0\", warning: DeprecationWarning}\n"
             "    replaced_by: [alpha.compile]\n    as_of: 2026-11-01\n    sources:\n"
             "      - {url: https://alpha.example.org/x, title: x}\n")
    (tiny / "data/apis/alpha.yaml").write_text(text.replace("defaults:\n", extra + "defaults:\n"))
    got = results(tiny)
    assert got["alpha:alpha.old"]["ok"] and "FutureWarning" in got["alpha:alpha.old"]["warned"]   # on access
    assert got["alpha:alpha.load"]["ok"]                                                           # on a call
    assert not got["alpha:alpha.compile2"]["ok"]                                                   # not there at all


def test_names_are_only_walked_never_evaluated(tiny, fake, tmp_path):
    marker = tmp_path / "ran"
    # a dotted name is validated by the model; a hostile one never reaches the child
    edit(tiny, "data/apis/alpha.yaml", replace=["- name: alpha.compile",
                                                f"- name: \"__import__('os').system('touch {marker}')\""])
    kb, problems = check_project(tiny, TODAY)
    assert any(p.rule.startswith("schema") and p.file == "data/apis/alpha.yaml" for p in problems)
    apicheck.check(apicheck.plan(kb, {"alpha": "2.0.0"}), Path(sys.executable), dt.date(2026, 12, 6))
    assert not marker.exists()


def test_a_child_that_prints_garbage_or_nothing_is_a_failure(tiny, fake, tmp_path):
    liar = tmp_path / "python"
    liar.write_text("#!/bin/sh\ncat >/dev/null\necho '{not json'\necho '[1,2]'\n")
    liar.chmod(0o755)
    kb, _ = check_project(tiny, TODAY)
    got = apicheck.check(apicheck.plan(kb, {"alpha": "2.0.0"}), liar, dt.date(2026, 12, 6))
    assert not got["alpha:alpha.compile"]["ok"]


def test_record_then_compare_leaves_the_file_unchanged(tiny, fake):
    kb, _ = check_project(tiny, TODAY)
    fresh = results(tiny)
    apicheck.write(tiny / apicheck.RESULTS, fresh)
    before = (tiny / apicheck.RESULTS).read_bytes()
    again = results(tiny)
    assert apicheck.differences(apicheck.load_recorded(tiny), again) == []
    assert (tiny / apicheck.RESULTS).read_bytes() == before
