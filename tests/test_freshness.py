"""Freshness: facts by age (`fwatlas stale`), age buckets and the freshness page."""
from __future__ import annotations

import datetime as dt
import json

import markdown

from support import TODAY, edit
from fwatlas.freshness import BUCKETS, age_buckets, bucket_of, oldest, stale_main, stale_rows
from fwatlas.load import load
from fwatlas.render.freshness import PAGE, freshness_generated_page, freshness_page

ALPHA = "data/frameworks/alpha.yaml"
BETA = "data/frameworks/beta.yaml"


def aged(tiny):
    """The tiny project with three facts checked long ago (all others on 2026-11-01, 21 days before TODAY)."""
    # alpha history.first_public_release: as_of on line 9; history.status: line 15
    edit(tiny, ALPHA, replace=["    value: 2015-11-09\n    as_of: 2026-11-01", "    value: 2015-11-09\n    as_of: 2025-01-01"])
    edit(tiny, ALPHA, replace=["    value: active\n    as_of: 2026-11-01", "    value: active\n    as_of: 2026-06-01"])
    edit(tiny, BETA, replace=["    value: retired\n    as_of: 2026-11-01", "    value: retired\n    as_of: 2026-05-01"])
    return tiny


def test_bucket_edges():
    assert [bucket_of(d) for d in (-3, 0, 89, 90, 179, 180, 365, 366, 4000)] == [0, 0, 0, 1, 1, 2, 2, 3, 3]
    assert BUCKETS == ("< 90 days", "90–180 days", "180–365 days", "> 1 year")


def test_age_buckets_count_each_framework(tiny):
    kb, _ = load(aged(tiny), TODAY)
    buckets = age_buckets(kb, TODAY)
    assert list(buckets) == ["alpha", "beta"]  # by name
    n_alpha, n_beta = len(kb.frameworks["alpha"].facts), len(kb.frameworks["beta"].facts)
    assert buckets["alpha"] == [n_alpha - 2, 1, 0, 1]   # 174 days, 690 days
    assert buckets["beta"] == [n_beta - 1, 0, 1, 0]     # 205 days


def test_rows_oldest_first_at_the_as_of_line(tiny):
    kb, _ = load(aged(tiny), TODAY)
    rows = stale_rows(kb, TODAY)
    first = rows[0]
    assert (first.file, first.line, first.owner, first.dimension, first.days) == (
        ALPHA, 9, "alpha", "history.first_public_release", (TODAY - dt.date(2025, 1, 1)).days)
    assert [r.as_of for r in rows] == sorted(r.as_of for r in rows)
    # tools and claims have an as_of too
    assert {r.kind for r in rows} == {"fact", "tool", "claim"}
    tool = next(r for r in rows if r.kind == "tool" and r.owner == "alpha-serving")
    assert (tool.file, tool.line) == ("data/tools/alpha-serving.yaml", 8)
    assert [r.dimension for r in oldest(kb, TODAY, n=3)] == ["history.first_public_release", "history.status",
                                                            "history.status"]
    assert all(r.kind == "fact" for r in oldest(kb, TODAY))
    assert len(oldest(kb, TODAY)) == 20


def test_stale_text_output(tiny, capsys):
    aged(tiny)
    assert stale_main(["--root", str(tiny), "--today", TODAY.isoformat(), "--older-than", "100"]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        "data/frameworks/alpha.yaml:9: alpha history.first_public_release 2025-01-01 (690 days)",
        "data/frameworks/beta.yaml:12: beta history.status 2026-05-01 (205 days)",
        "data/frameworks/alpha.yaml:15: alpha history.status 2026-06-01 (174 days)",
    ]
    assert "3 value(s), oldest checked 2025-01-01 (690 days)" in out.err


def test_stale_framework_filter_and_json(tiny, capsys):
    aged(tiny)
    assert stale_main(["--root", str(tiny), "--today", TODAY.isoformat(), "--framework", "beta",
                       "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["owner"] for r in rows} == {"beta"} and {r["kind"] for r in rows} == {"fact"}
    assert rows[0] == {"file": BETA, "line": 12, "kind": "fact", "owner": "beta", "dimension": "history.status",
                       "as_of": "2026-05-01", "days": 205}


def test_stale_usage_errors(tiny, tmp_path, capsys):
    assert stale_main(["--root", str(tiny), "--framework", "gamma"]) == 2
    assert "no framework 'gamma'" in capsys.readouterr().err
    assert stale_main(["--root", str(tmp_path)]) == 2


def test_freshness_page(tiny):
    kb, _ = load(aged(tiny), TODAY)
    md = freshness_page(kb, TODAY)
    n_alpha = len(kb.frameworks["alpha"].facts)
    assert f"| [Alpha](frameworks/alpha.md) | {n_alpha - 2} | 1 | 0 | 1 | 2025-01-01 |" in md
    # the oldest facts link to their rows on the framework pages
    assert ("| 2025-01-01 | 690 days | [Alpha](frameworks/alpha.md) | "
            "[First public release](frameworks/alpha.md#history.first_public_release) |") in md
    html = markdown.markdown(md, extensions=["tables", "attr_list"])
    assert html.count("<table>") == 3  # by age, due for re-check (none due here), oldest
    assert '<a href="frameworks/alpha.md#history.first_public_release">' in html
    page = freshness_generated_page(kb, TODAY)
    assert page.path == PAGE and page.markdown == md and page.title == "Freshness"


def test_the_oldest_bucket_starts_where_facts_turn_stale():
    from fwatlas import freshness, kb

    assert freshness.STALE_AFTER_DAYS == kb.STALE_AFTER_DAYS


def test_fwatlas_stale_on_the_command_line(tiny, capsys):
    from fwatlas.cli import main

    assert main(["stale", "--root", str(tiny), "--today", TODAY.isoformat(), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all("days" in r for r in rows)
