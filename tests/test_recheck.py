"""Facts due for re-check (a release came out after they were checked), `fwatlas stale --due`,
the rule source.recheck-due, the Freshness page's section, the cells' marker, and the release
signals on the framework and tools pages (newest release on the index, "no release for N months")."""
from __future__ import annotations

import datetime as dt
import json

import markdown

from support import TODAY, edit
from fwatlas.freshness import due_counts, due_rows, stale_main
from fwatlas.load import load
from fwatlas.pipeline import check_project
from fwatlas.render import render_site
from fwatlas.render.cells import cell, quiet_marker
from fwatlas.render.freshness import freshness_page, newest_release_header
from fwatlas.render.jinja_env import environment

ALPHA = "data/frameworks/alpha.yaml"
DIMS = "data/dimensions.yaml"

# Two more topics (appended to the tiny project's dimensions) with release-dependent rows.
TOPICS = """  - id: hardware
    label: Hardware
    description: Where it runs.
    release_dependent: true
    dimensions:
      - id: hardware.cpu
        label: CPU
        type: support
        help: CPUs.
      - id: hardware.tpu
        label: TPU
        type: support
        help: TPUs.
  - id: installation
    label: Installation
    description: How it installs.
    release_dependent: true
    dimensions:
      - id: installation.pip_package
        label: pip package
        type: list
        help: Package names.
"""

FACTS = """  hardware.tpu:
    value: none
    as_of: 2026-09-01
    sources:
      - url: https://alpha.example.org/tpu
        title: TPU
  hardware.cpu:
    value: official
    as_of: 2026-08-01
    sources:
      - url: https://alpha.example.org/cpu
        title: CPU
  installation.pip_package:
    value: [alpha]
    as_of: 2026-09-10
    sources:
      - url: https://alpha.example.org/install
        title: Install
releases:
"""


def due_project(tiny):
    """The tiny project where execution and deployment rows (and the new hardware and installation
    rows) depend on releases, except execution.jit, and alpha's newest release (2.0.2, uploaded to the
    index on 2026-09-15) came after most of its checks in those rows."""
    edit(tiny, DIMS, replace=["    description: How code runs.\n", "    description: How code runs.\n"
                                                                    "    release_dependent: true\n"])
    edit(tiny, DIMS, replace=["    description: Shipping models.\n", "    description: Shipping models.\n"
                                                                      "    release_dependent: true\n"])
    edit(tiny, DIMS, replace=["        help: Has a JIT.\n", "        help: Has a JIT.\n"
                                                             "        release_dependent: false\n"])
    text = (tiny / DIMS).read_text(encoding="utf-8")
    (tiny / DIMS).write_text(text + TOPICS, encoding="utf-8")
    edit(tiny, ALPHA, replace=["releases:\n", FACTS])
    edit(tiny, ALPHA, replace=["    value: official\n    as_of: 2026-11-01", "    value: official\n    as_of: 2026-06-01"])
    edit(tiny, ALPHA, replace=["    value: true\n    as_of: 2026-11-01", "    value: true\n    as_of: 2026-01-01"])
    edit(tiny, ALPHA, replace=["    value: [alpha-serving]\n    as_of: 2026-11-01",
                               "    value: [alpha-serving]\n    as_of: 2026-07-01"])
    edit(tiny, ALPHA, replace=["    value: active\n    as_of: 2026-11-01", "    value: active\n    as_of: 2026-01-01"])
    return tiny


ORDER = ["hardware.cpu", "hardware.tpu", "installation.pip_package", "execution.gpu", "deployment.server"]


def test_release_dependent_rows_follow_topic_unless_the_row_says_otherwise(tiny):
    kb, problems = load(due_project(tiny), TODAY)
    assert problems == []  # the edited project still loads
    assert kb.release_dependent("execution.gpu") and kb.release_dependent("hardware.cpu")
    assert not kb.release_dependent("execution.jit")  # the row overrides its topic
    assert not kb.release_dependent("history.status")  # the topic does not depend on releases
    assert not kb.release_dependent("no.such_row")
    alpha = kb.frameworks["alpha"]
    newest = kb.recheck_due(alpha, "execution.gpu")
    assert (newest.version, newest.date, newest.source, newest.package) == (
        "2.0.2", dt.date(2026, 9, 15), "index", "alpha")
    assert kb.recheck_due(alpha, "execution.jit") is None  # checked long ago, but its row does not change
    assert kb.recheck_due(alpha, "history.status") is None
    assert kb.recheck_due(alpha, "execution.python") is None  # checked 2026-11-01, after the release
    assert kb.recheck_due(kb.frameworks["beta"], "execution.gpu") is None  # no release known at all


def test_stale_due_lists_hardware_then_installation_then_by_age(tiny, capsys):
    due_project(tiny)
    assert stale_main(["--root", str(tiny), "--today", TODAY.isoformat(), "--due"]) == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines[0] == "# Alpha (alpha): 5 due for re-check, newest release alpha 2.0.2 (uploaded 2026-09-15)"
    assert [line.split()[2] for line in lines[1:]] == ORDER
    text = (tiny / ALPHA).read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:  # file:line points at the fact's as_of
        file, number, rest = line.split(":", 2)
        assert file == ALPHA and text[int(number) - 1].strip().startswith("as_of:")
        dimension = rest.split()[1]
        assert text[int(number) - 1].strip() == "as_of: " + rest.split()[3]
        assert dimension in "\n".join(text[:int(number)])
    assert lines[1].endswith("alpha hardware.cpu checked 2026-08-01 (113 days), before alpha 2.0.2 "
                             "(uploaded 2026-09-15)")
    assert "5 fact(s) due for re-check in 1 framework(s)" in out.err


def test_stale_due_filters_and_json(tiny, capsys):
    due_project(tiny)
    assert stale_main(["--root", str(tiny), "--today", TODAY.isoformat(), "--due", "--older-than", "100",
                       "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["dimension"] for r in rows] == ["hardware.cpu", "execution.gpu", "deployment.server"]
    assert rows[0] == {"file": ALPHA, "line": rows[0]["line"], "framework": "alpha", "dimension": "hardware.cpu",
                       "topic": "hardware", "as_of": "2026-08-01", "days": 113, "release_version": "2.0.2",
                       "release_date": "2026-09-15", "release_source": "index", "release_package": "alpha"}
    assert stale_main(["--root", str(tiny), "--today", TODAY.isoformat(), "--due", "--framework", "beta"]) == 0
    out = capsys.readouterr()
    assert out.out == "" and "0 fact(s) due" in out.err
    # plain `fwatlas stale` points at them
    assert stale_main(["--root", str(tiny), "--today", TODAY.isoformat()]) == 0
    assert "5 fact(s) due for re-check after a newer release (fwatlas stale --due)" in capsys.readouterr().err


def test_a_newer_hand_written_release_counts_too(tiny, capsys):
    """The newest release is the later of the index's last upload and the release list."""
    due_project(tiny)
    last = "    drops: [Python 2 wheels]\n    sources:\n      - url: https://alpha.example.org/release-2.0\n" \
           "        title: Release 2.0\n"
    edit(tiny, ALPHA, replace=[last, last + "  - version: \"2.1\"\n    date: 2026-10-20\n    sources:\n"
                                            "      - url: https://alpha.example.org/release-2.1\n"
                                            "        title: Release 2.1\n"])
    kb, problems = load(tiny, TODAY)
    assert problems == []
    rows = due_rows(kb, TODAY)
    assert {(r.release_version, r.release_source) for r in rows} == {("2.1", "hand-written")}
    assert [r.dimension for r in rows] == ORDER  # none checked between 2026-09-15 and 2026-10-20
    assert rows[0].text().endswith("before 2.1 (released 2026-10-20)")
    assert due_counts(kb) == {"alpha": 5, "beta": 0}
    assert newest_release_header(kb, kb.frameworks["alpha"]) == {
        "version": "2.1", "date": "2026-10-20", "index": False, "package": "", "listed": "2.1"}


def test_rule_is_a_notice_at_each_due_as_of_line(tiny):
    kb, problems = check_project(due_project(tiny), TODAY)
    mine = [p for p in problems if p.rule == "source.recheck-due"]
    lines = {r.line for r in due_rows(kb, TODAY)}
    assert {p.line for p in mine} == lines and len(mine) == 5
    assert all(p.severity == "notice" and p.file == ALPHA for p in mine)
    gpu = next(p for p in mine if "execution.gpu" in p.message)
    assert gpu.message == ("Alpha execution.gpu was checked on 2026-06-01, before its newest release: "
                           "alpha 2.0.2 was uploaded to the index on 2026-09-15")
    assert "2.0.2" in gpu.hint


def test_freshness_page_counts_and_lists_due_facts(tiny):
    kb, _ = load(due_project(tiny), TODAY)
    md = freshness_page(kb, TODAY)
    assert ('| [Alpha](frameworks/alpha.md) | 2.0.2 (<time class="fa-day" datetime="2026-09-15">2026-09-15</time>) '
            '| [5](#recheck-alpha) |') in md
    assert "| [Beta](frameworks/beta.md) | – | 0 |" in md
    assert "| **All frameworks** | | **5** |" in md
    assert "### Alpha: 5 facts due {#recheck-alpha}" in md
    section = md[md.index("{#recheck-alpha}"):md.index("{#oldest}")]
    assert [line.split("](")[0].lstrip("| [") for line in section.splitlines() if line.startswith("| [")] == [
        "CPU", "TPU", "pip package", "GPU", "Serving"]
    assert ('| [CPU](frameworks/alpha.md#hardware.cpu) | Hardware | '
            '<time class="fa-day" datetime="2026-08-01">2026-08-01</time> | 113 days |') in md
    html = markdown.markdown(md, extensions=["tables", "attr_list"])
    assert 'id="recheck-alpha"' in html and '<a href="#recheck-alpha">5</a>' in html


def test_freshness_page_without_due_facts(tiny):
    kb, _ = load(tiny, TODAY)
    md = freshness_page(kb, TODAY)
    assert "No fact is due" in md and "| **All frameworks** | | **0** |" in md
    assert "### " not in md


def test_cells_show_the_marker_only_when_due(tiny):
    kb, _ = load(due_project(tiny), TODAY)
    alpha, dims = kb.frameworks["alpha"], kb.dimensions
    due = cell(kb, alpha, dims["execution.gpu"], "topics/execution.md")
    fresh = cell(kb, alpha, dims["execution.python"], "topics/execution.md")
    assert due["recheck"]["before"] == "before release 2.0.2 (2026-09-15)"
    assert due["recheck"]["title"].startswith("Re-check due: checked on 2026-06-01, before Alpha 2.0.2 came out "
                                              "(2026-09-15, its first upload to the package index)")
    assert fresh["recheck"] is None
    macros = environment().get_template("_macros.j2").module
    compact, fact = str(macros.compact(due)), str(macros.fact(due))
    summary = compact[compact.index("<summary>"):compact.index("</summary>")]
    assert '<span class="fa-recheck" title="Re-check due: checked on 2026-06-01' in summary
    assert ">re-check due</span>" in summary
    assert "checked 2026-06-01, before release 2.0.2 (2026-09-15)</span>" in compact
    assert "checked 2026-06-01, before release 2.0.2 (2026-09-15) <span class=\"fa-recheck\"" in fact
    assert "re-check due" not in str(macros.compact(fresh)) + str(macros.fact(fresh))


def test_pages_show_newest_index_release_and_quiet_signals(tiny):
    # alpha: active, newest upload 2024-09-15 (26 months before TODAY); beta-gpu-plugin: active tool,
    # newest upload 2025-01-20 (22 months); old-serving is archived, so it gets no signal
    edit(tiny, "data/index/alpha.yaml", replace=['version: "2.0.2"\n        uploaded: 2026-09-15',
                                                 'version: "2.1.0"\n        uploaded: 2024-09-15'])
    edit(tiny, "data/index/tool-beta-gpu-plugin.yaml", replace=["uploaded: 2026-08-20", "uploaded: 2025-01-20"])
    edit(tiny, "data/tools/beta-gpu-plugin.yaml", replace=["date: 2026-08-20", "date: 2025-01-20"])
    kb, _ = load(tiny, TODAY)
    pages = {p.path: p.markdown for p in render_site(kb)}
    alpha = pages["frameworks/alpha.md"]
    header = alpha[alpha.index("<p>Status:"):alpha.index("</p>", alpha.index("<p>Status:"))]
    assert ('<span class="fa-quiet" title="The newest release is alpha 2.1.0, first uploaded to the package index '
            'on 2024-09-15. A signal, not a verdict: a finished project can still be active.">no release for 26 '
            'months</span>') in header
    # 2.1.0 is on the index but nobody has listed it (nor a 2.1 series) in `releases:` yet
    assert ('<span class="fa-newest">Newest release: 2.1.0, uploaded to the package index on '
            '<time datetime="2024-09-15">2024-09-15</time> (not in the release list yet)</span>') in header
    beta = pages["frameworks/beta.md"]
    assert "fa-quiet" not in beta and "Newest release" not in beta  # retired; no release known
    tools = pages["tools.md"]
    row = tools[tools.index('id="tool-beta-gpu-plugin"'):]
    row = row[:row.index("</tr>")]
    assert ">no release for 22 months</span>" in row
    assert tools.count("fa-quiet") == 1
    assert quiet_marker(kb, kb.tools["old-serving"]) is None


def test_header_links_the_listed_release_or_its_series(tiny):
    kb, _ = load(tiny, TODAY)
    md = {p.path: p.markdown for p in render_site(kb)}["frameworks/alpha.md"]
    # 2.0.2 on the index is a patch release of the listed 2.0
    assert ('Newest release: <a href="#release-2.0">2.0.2</a>, uploaded to the package index on '
            '<time datetime="2026-09-15">2026-09-15</time></span>') in md
    assert 'id="release-2.0"' in md
    edit(tiny, "data/index/alpha.yaml", replace=['version: "2.0.2"', 'version: "2.0"'])
    kb, _ = load(tiny, TODAY)
    md = {p.path: p.markdown for p in render_site(kb)}["frameworks/alpha.md"]
    assert 'Newest release: <a href="#release-2.0">2.0</a>, uploaded' in md
