"""Rules about how current the hand-written release history is: where the package index knows a
newer release (of a tool, of a framework), and active projects with no release for a year. The
comparisons live in index/compare.py (shared with `fwatlas sync`), the signal in signals.py."""
from __future__ import annotations

import datetime as dt

from .. import signals
from ..index import compare
from .base import at, rule


@rule("index.tool-last-release")
def tool_last_release(kb):
    """Warning: a tool's `last_release` is not older than the newest release of its packages on the
    index (data/index/tool-<id>.yaml), by upload day; a lower version of the same package uploaded
    later (a backport, a CPU build while the GPU build ships elsewhere) does not count.

    Bad: `last_release: {version: "1.5.1", date: 2026-09-22}` when executorch 1.6.0 was uploaded on 2026-11-10.
    """
    for tool_id, index in sorted(kb.tool_index.items()):
        tool, doc = kb.tools.get(tool_id), kb.docs.get(("tool", tool_id))
        if tool is not None and doc is not None:
            yield from compare.tool_last_release(tool, doc, index)


@rule("index.newer-release")
def newer_release(kb):
    """Warning: the index has no newer release series of the framework's own packages than the
    newest release in its `releases:` list; a notice for a newer patch release in the same series
    when the list names patch releases (0.12.0 rather than 0.12).

    Bad: releases end with 2.14 while torch 2.15.0 is on the index.
    """
    for fw_id, index in sorted(kb.index.items()):
        fw, doc = kb.frameworks.get(fw_id), kb.docs.get(("framework", fw_id))
        if fw is not None and doc is not None:
            yield from compare.newer_release(fw, doc, index)


@rule("history.no-recent-release")
def no_recent_release(kb):
    """Warning (a signal, not a verdict): an active framework or tool has had a release within the
    last 12 months: on the package index (data/index/) or, when that is later or there is no index
    data, in the hand-written releases or last_release.

    Bad: `status: active` for a plugin whose newest release was uploaded two years ago.
    """
    for fw_id, fw in sorted(kb.frameworks.items()):
        months = signals.quiet(kb, fw)
        if months is not None and "history.status" in fw.facts:
            yield at(kb, "framework", fw_id, ("facts", "history.status", "value"), "history.no-recent-release",
                     _message(fw.name, signals.newest_framework_release(kb, fw), months, "release history"),
                     _HINT, "warning")
    for tool_id, tool in sorted(kb.tools.items()):
        months = signals.quiet(kb, tool)
        if months is not None:
            checked = tool.activity_checked
            recent = checked is not None and (kb.today - checked).days <= ACTIVITY_CHECK_DAYS
            message = _message(tool.name, signals.newest_tool_release(kb, tool), months, "last_release")
            if recent:
                message += f"; a person checked on {checked} that it is still active (see its note)"
            yield at(kb, "tool", tool_id, ("status",), "history.no-recent-release", message,
                     f"re-check by {checked + dt.timedelta(days=ACTIVITY_CHECK_DAYS)}" if recent else _HINT,
                     "notice" if recent else "warning")


# how long a person's check that a quiet tool is still active holds (activity_checked)
ACTIVITY_CHECK_DAYS = 180


_HINT = ("a long gap is a signal, not a verdict: check the project (commits, announcements) and either "
         "say in the note why it is still active or change the status")


def _message(name: str, newest, months: int, hand: str) -> str:
    if newest.source == "index":
        when = f"{newest.package} {newest.version}, was uploaded to the index on {newest.date} ({newest.url})"
    else:
        when = f"{newest.version}, is dated {newest.date} in its hand-written {hand}"
    return f"{name} is marked active, but its newest release, {when}: {months} months without a release"
