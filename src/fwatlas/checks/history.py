"""Rules that releases, `since` versions and tool lifecycles tell one consistent story."""
from __future__ import annotations

from ..kb import version_key
from .base import at, rule


def release_for(framework, version: str):
    """The release a `since`/`until` version falls in ("2.10.1" falls in release "2.10")."""
    wanted = version_key(version).release
    for release in framework.releases:
        have = version_key(release.version).release
        if wanted[: len(have)] == have and len(wanted) >= len(have):
            return release
    return None


@rule("history.release-order")
def releases_ordered(kb):
    """Releases are listed in version order, each once, and within one major
    series a higher version never has an earlier date. (Across series dates may
    interleave: TensorFlow 1.15 shipped after 2.0.)

    Bad: 2.1 dated before 2.0; the same version listed twice; 1.10 above 1.9.
    """
    for fw in kb.frameworks.values():
        seen: set = set()
        for i, release in enumerate(fw.releases):
            key = version_key(release.version)
            path = ("releases", i, "version")
            if key in seen:
                yield at(kb, "framework", fw.id, path, "history.release-order",
                         f"release {release.version} is listed twice", "remove the duplicate")
            seen.add(key)
            if i == 0:
                continue
            before = fw.releases[i - 1]
            if key < version_key(before.version):
                yield at(kb, "framework", fw.id, path, "history.release-order",
                         f"release {release.version} is listed after {before.version}",
                         "keep releases in version order, oldest first")
            elif key.major == version_key(before.version).major and release.date < before.date:
                yield at(kb, "framework", fw.id, ("releases", i, "date"), "history.release-order",
                         f"release {release.version} ({release.date}) is dated before {before.version} "
                         f"({before.date})", "check both dates")


@rule("history.since")
def since_is_a_release(kb):
    """`since` and `until` name a release listed in the framework's `releases`.

    Bad: `since: "2.7"` when the releases list no 2.7.
    """
    for fw in kb.frameworks.values():
        if not fw.releases:
            continue
        for dim_id, fact in fw.facts.items():
            refs = [(("facts", dim_id, "since"), fact.since), (("facts", dim_id, "until"), fact.until)]
            for i, prev in enumerate(fact.previously):
                refs += [(("facts", dim_id, "previously", i, "since"), prev.since),
                         (("facts", dim_id, "previously", i, "until"), prev.until)]
            for path, version in refs:
                if version and release_for(fw, version) is None:
                    yield at(kb, "framework", fw.id, path, "history.since",
                             f"{path[-1]} {version!r} is not a release of {fw.name}",
                             f"add release {version} to `releases:` or fix the version")


@rule("history.first-release")
def first_release_matches(kb):
    """The `history.first_public_release` fact equals the date of the earliest listed release.

    Bad: the fact says 2015-11-09 but the first release is dated 2015-12-01.
    """
    for fw in kb.frameworks.values():
        fact = fw.facts.get("history.first_public_release")
        if not fw.releases or fact is None or not hasattr(fact.value, "isoformat"):
            continue
        first = min(fw.releases, key=lambda r: r.date)
        if first.date != fact.value:
            yield at(kb, "framework", fw.id, ("facts", "history.first_public_release", "value"),
                     "history.first-release",
                     f"first public release is {fact.value} but the earliest release ({first.version}) is {first.date}",
                     "make them agree, or add the earlier release")


@rule("history.tool-status")
def tool_status_dated(kb):
    """A tool that is not active says since when (`status_since`), and its dates are in order.

    Bad: `status: archived` without `status_since`; a tool replaced by itself.
    """
    for tool in kb.tools.values():
        if tool.status != "active" and tool.status_since is None:
            yield at(kb, "tool", tool.id, ("status",), "history.tool-status",
                     f"{tool.id} is {tool.status} but has no status_since", "add the date the status began")
        if tool.status_since and tool.first_release and tool.status_since < tool.first_release:
            yield at(kb, "tool", tool.id, ("status_since",), "history.tool-status",
                     f"status_since {tool.status_since} is before first_release {tool.first_release}",
                     "check both dates")
        if tool.replaced_by == tool.id:
            yield at(kb, "tool", tool.id, ("replaced_by",), "history.tool-status",
                     f"{tool.id} cannot replace itself", "name the successor tool")


def _dates(kb):
    """Every date in the data that says when something happened (not when it was checked)."""
    import datetime as dt
    for fw in kb.frameworks.values():
        for i, release in enumerate(fw.releases):
            yield "framework", fw.id, ("releases", i, "date"), release.date
        for i, link in enumerate(fw.lineage):
            if link.date:
                yield "framework", fw.id, ("lineage", i, "date"), link.date
        for dim_id, fact in fw.facts.items():
            if isinstance(fact.value, dt.date):
                yield "framework", fw.id, ("facts", dim_id, "value"), fact.value
            if fact.measured:
                yield "framework", fw.id, ("facts", dim_id, "measured"), fact.measured
    for tool in kb.tools.values():
        for name in ("status_since", "first_release"):
            if getattr(tool, name):
                yield "tool", tool.id, (name,), getattr(tool, name)
        if tool.last_release:
            yield "tool", tool.id, ("last_release", "date"), tool.last_release.date
    for claim in kb.claims.values():
        if claim.check and claim.check.date:
            yield "claim", claim.id, ("check", "date"), claim.check.date


@rule("history.future-date")
def dates_not_in_future(kb):
    """No event is dated in the future: releases, lineage, date facts, counts'
    `measured` days, tool status dates and last releases.

    Bad: `date: 2031-01-01` on a release.
    """
    for kind, entity_id, path, day in _dates(kb):
        if day > kb.today:
            yield at(kb, kind, entity_id, path, "history.future-date",
                     f"{day} is in the future (today is {kb.today})", "check the year; record events once they happened")


@rule("history.no-releases")
def facts_need_releases(kb):
    """A framework whose `releases:` is empty cannot name versions in `since`/`until`,
    nor give a first public release that no listed release backs.

    Bad: `releases: []` with `since: "2.0"` on a fact, or with `history.first_public_release: 2015-11-09`.
    """
    for fw in kb.frameworks.values():
        if fw.releases:
            continue
        for dim_id, fact in fw.facts.items():
            entries = [(("facts", dim_id), fact)] + [(("facts", dim_id, "previously", i), p)
                                                     for i, p in enumerate(fact.previously)]
            for path, entry in entries:
                for name in ("since", "until"):
                    if getattr(entry, name):
                        yield at(kb, "framework", fw.id, path + (name,), "history.no-releases",
                                 f"{dim_id}: {name} {getattr(entry, name)!r} names a release, but {fw.id} lists none",
                                 "add the release to `releases:` with its date and source")
        first = fw.facts.get("history.first_public_release")
        if first is not None and hasattr(first.value, "isoformat"):
            yield at(kb, "framework", fw.id, ("facts", "history.first_public_release", "value"), "history.no-releases",
                     f"the first public release is dated {first.value}, but {fw.id} lists no release",
                     "add that release to `releases:` with its source")
