"""Rules for the dated APIs (data/apis/<framework-id>.yaml): they belong to a known framework
and row, their dates and statuses are in order, what leaves names its successor, and the
recorded run in the pinned environment (data/snippets/api-results.yaml) is current."""
from __future__ import annotations

from ..kb import version_key
from .base import at, rule


def _files(kb):
    for fw_id, apis in sorted(kb.apis.items()):
        yield fw_id, apis


@rule("api.dates")
def api_dates(kb):
    """An API file belongs to a known framework; each API names an existing row, ends no earlier
    than it starts, lists its statuses oldest first from no earlier than `since` (removed at the
    earliest after `until`), and appears once.

    Bad: `until: "2.1"` with `since: "2.4"`.
    """
    dimensions_loaded = kb.dimensions_file is not None  # a broken dimensions file is reported once, itself
    for fw_id, apis in _files(kb):
        if fw_id not in kb.frameworks and ("framework", fw_id) not in kb.broken:
            yield at(kb, "apis", fw_id, ("id",), "api.dates", f"no framework has the id {fw_id!r}",
                     "name the file after a framework in data/frameworks/")
        seen = set()
        for i, api in enumerate(apis.apis):
            where = ("apis", i)
            key = (api.name, api.backend)
            if key in seen:
                yield at(kb, "apis", fw_id, where + ("name",), "api.dates", f"{api.name} is listed twice",
                         "merge the two entries")
            seen.add(key)
            if dimensions_loaded and api.dimension not in kb.dimensions:
                yield at(kb, "apis", fw_id, where + ("dimension",), "api.dates",
                         f"{api.name}: no dimension {api.dimension!r}", "use a row id from data/dimensions.yaml")
            if api.until and version_key(api.until) < version_key(api.since):
                yield at(kb, "apis", fw_id, where + ("until",), "api.dates",
                         f"{api.name}: until {api.until} is before since {api.since}",
                         "`until` is the last release that still had it")
            last = None
            for j, s in enumerate(api.statuses):
                if last is not None and version_key(s.since) < version_key(last):
                    yield at(kb, "apis", fw_id, where + ("statuses", j, "since"), "api.dates",
                             f"{api.name}: statuses are not oldest first ({s.since} after {last})",
                             "list the statuses in release order")
                last = s.since
                if s.status == "removed" and api.until and version_key(s.since) <= version_key(api.until):
                    yield at(kb, "apis", fw_id, where + ("statuses", j, "since"), "api.dates",
                             f"{api.name}: removed in {s.since}, but `until` says {api.until} still had it",
                             "removed since = the first release without it, after `until`")


@rule("api.successor")
def api_successor(kb):
    """Warning: a deprecated or removed API names what replaces it (`replaced_by`) or links the
    project's migration guide (`migration`), so a reader knows where to go.

    Bad: `statuses: [{status: deprecated, since: "2.5"}]` with neither.
    """
    for fw_id, apis in _files(kb):
        for i, api in enumerate(apis.apis):
            leaving = any(s.status in ("deprecated", "removed") for s in api.statuses) or api.until
            if leaving and not api.replaced_by and not api.migration:
                yield at(kb, "apis", fw_id, ("apis", i, "name"), "api.successor",
                         f"{api.name} is deprecated or removed but names no successor or migration guide",
                         "add `replaced_by:` (dotted names) or `migration:` (the project's guide)", "warning")


@rule("api.stale-result")
def api_stale_result(kb):
    """Warning: every dated API of a framework in the pinned environment has a recorded check
    (data/snippets/api-results.yaml) for the pinned version and for its entry as written now,
    and that check saw what the dates say.

    Bad: changing `since` of a checked API without running `make snippets-record`.
    """
    from ..snippets.apiresults import entry_hash, expectation, load_recorded, pinned_package
    from ..snippets.data import load_pins
    pins = load_pins(kb.root)
    if not pins:
        return
    recorded = load_recorded(kb.root)
    for fw_id, apis in _files(kb):
        package = pinned_package(kb, fw_id, pins)
        if package is None:
            continue
        for i, api in enumerate(apis.apis):
            key = f"{fw_id}:{api.name}" + (f"@{api.backend}" if api.backend else "")
            result = recorded.get(key)
            must, warning = expectation(api, pins[package])
            if not isinstance(result, dict):
                problem = "has no recorded check"
            elif result.get("pinned") != pins[package] or result.get("hash") != entry_hash(api):
                problem = "changed (or the pin did) after its recorded check"
            elif not result.get("ok") or result.get("expect") != must:
                problem = f"was seen {result.get('observed')} at {package} {pins[package]}, but its dates say {must}"
            else:
                continue
            yield at(kb, "apis", fw_id, ("apis", i, "name"), "api.stale-result", f"{api.name} {problem}",
                     "run `make snippets-record` (it checks every dated API in the pinned environment) "
                     "and commit data/snippets/api-results.yaml", "warning")
