"""The release signals (signals.py) and the rules that read them and the index: history.no-recent-release,
index.newer-release, index.tool-last-release, beyond the cases in tests/rules/cases/."""
from __future__ import annotations

import datetime as dt

import pytest

from support import TODAY, edit
from fwatlas import signals
from fwatlas.load import load
from fwatlas.pipeline import check_project


@pytest.mark.parametrize("earlier, later, months", [
    ("2025-01-30", "2026-01-29", 11), ("2025-01-30", "2026-01-30", 12), ("2025-01-31", "2025-02-28", 0),
    ("2024-02-29", "2025-02-28", 11), ("2026-12-01", "2026-11-01", 0), ("2019-09-30", "2026-11-22", 85)])
def test_months_between(earlier, later, months):
    assert signals.months_between(dt.date.fromisoformat(earlier), dt.date.fromisoformat(later)) == months


def _problems(root, rule):
    _, problems = check_project(root, TODAY)
    return [p for p in problems if p.rule == rule]


def test_the_good_fixture_has_recent_releases(tiny):
    kb, _ = load(tiny, TODAY)
    alpha, tool = kb.frameworks["alpha"], kb.tools["beta-gpu-plugin"]
    newest = signals.newest_framework_release(kb, alpha)
    assert (newest.version, newest.date, newest.source, newest.package) == ("2.0.2", dt.date(2026, 9, 15), "index",
                                                                           "alpha")
    assert kb.months_since_release(alpha) == 2 and kb.quiet_months(alpha) is None
    assert signals.newest_tool_release(kb, tool).source == "index" and kb.months_since_release(tool) == 3
    assert kb.months_since_release(kb.tools["alpha-serving"]) is None  # nothing known: no signal
    assert [(p.name, p.tool) for p in signals.plugin_packages(kb, "beta")] == [("beta-gpu-plugin", "beta-gpu-plugin")]


def test_a_hand_written_release_newer_than_the_index_counts(tiny):
    """A release the index does not carry (a vendor's own index, a GitHub release) is still a release."""
    edit(tiny, "data/index/tool-beta-gpu-plugin.yaml", replace=["uploaded: 2026-08-20", "uploaded: 2024-08-20"])
    kb, _ = load(tiny, TODAY)
    newest = signals.newest_tool_release(kb, kb.tools["beta-gpu-plugin"])
    assert (newest.version, newest.source) == ("0.5.0", "hand-written") and kb.quiet_months(kb.tools["beta-gpu-plugin"]) is None


def test_an_active_tool_without_a_release_for_a_year(tiny):
    edit(tiny, "data/index/tool-beta-gpu-plugin.yaml", replace=["uploaded: 2026-08-20", "uploaded: 2025-08-20"])
    edit(tiny, "data/tools/beta-gpu-plugin.yaml", replace=["date: 2026-08-20", "date: 2025-08-20"])
    [p] = _problems(tiny, "history.no-recent-release")
    assert (p.file, p.line, p.severity) == ("data/tools/beta-gpu-plugin.yaml", 7, "warning")
    assert p.message.startswith("Beta GPU plugin is marked active, but its newest release, beta-gpu-plugin 0.5.0, "
                                "was uploaded to the index on 2025-08-20 (https://index.example.org/simple/"
                                "beta-gpu-plugin/): 15 months without a release")
    edit(tiny, "data/tools/beta-gpu-plugin.yaml", replace=["status: active", "status: paused\nstatus_since: 2025-09-01"])
    assert _problems(tiny, "history.no-recent-release") == []  # only active projects


def test_a_retired_framework_is_not_warned_and_variants_do_not_count(tiny):
    edit(tiny, "data/index/alpha.yaml", replace=["uploaded: 2026-09-15", "uploaded: 2024-09-15"])
    edit(tiny, "data/index/alpha.yaml", replace=["packages:\n", "packages:\n  - name: alpha-gpu\n"
                                                 "    url: https://index.example.org/simple/alpha-gpu/\n"
                                                 "    role: variant\n    releases:\n"
                                                 '      - version: "9.0.0"\n        uploaded: 2026-11-01\n'])
    [p] = _problems(tiny, "history.no-recent-release")  # the variant's release of last month does not count
    assert "alpha 2.0.2" in p.message
    assert _problems(tiny, "index.newer-release") == []  # nor does its newer series
    edit(tiny, "data/frameworks/alpha.yaml", replace=["value: active", "value: retired"])
    assert _problems(tiny, "history.no-recent-release") == []


def test_a_newer_patch_release_is_a_notice_where_the_list_names_patch_releases(tiny):
    edit(tiny, "data/frameworks/alpha.yaml", replace=['version: "2.0"\n', 'version: "2.0.0"\n'])
    [p] = _problems(tiny, "index.newer-release")
    assert (p.line, p.severity) == (108, "notice")
    assert p.message == ("the newest release listed for Alpha is 2.0.0, but the index has alpha 2.0.2, uploaded "
                         "2026-09-15 (https://index.example.org/simple/alpha/)")


def test_a_yanked_release_is_not_newer(tiny):
    edit(tiny, "data/index/alpha.yaml", replace=['version: "2.0.2"', 'version: "2.0.0.1"'])
    edit(tiny, "data/index/alpha.yaml", replace=['version: "2.0.1"', 'version: "3.0.0"'])  # yanked
    assert _problems(tiny, "index.newer-release") == []


@pytest.mark.parametrize("index_version, uploaded, found", [
    ("0.5.1", "2026-08-21", False),  # a day later: within the tolerance
    ("0.4.9", "2026-10-01", False),  # a lower version of the same package uploaded later: a backport
    ("0.5.1", "2026-10-01", True),
    ("1.0.0", "2026-10-01", True),
])
def test_tool_last_release_tolerances(tiny, index_version, uploaded, found):
    edit(tiny, "data/index/tool-beta-gpu-plugin.yaml", replace=[
        '    releases:\n', f'    releases:\n      - version: "{index_version}"\n        uploaded: {uploaded}\n'])
    assert bool(_problems(tiny, "index.tool-last-release")) == found


def test_a_renamed_package_is_compared_by_upload_day(tiny):
    """tflite-runtime 2.14.0, then ai-edge-litert 1.0.1: version numbers of two packages say nothing."""
    edit(tiny, "data/index/tool-beta-gpu-plugin.yaml", replace=["packages:\n", "packages:\n  - name: beta-next\n"
                                                                "    url: https://index.example.org/simple/beta-next/\n"
                                                                "    releases:\n"
                                                                '      - version: "0.0.1"\n        uploaded: 2026-10-01\n'])
    [p] = _problems(tiny, "index.tool-last-release")
    assert "beta-next 0.0.1, uploaded 2026-10-01" in p.message
