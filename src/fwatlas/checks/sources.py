"""Rules that every fact is sourced and recently checked."""
from __future__ import annotations

from ..kb import STALE_AFTER_DAYS
from ..model import UNKNOWN
from .base import at, rule


def _dated(kb):
    """Every (kind, id, path, as_of) that carries a check date."""
    for fw in kb.frameworks.values():
        for dim_id, fact in fw.facts.items():
            yield "framework", fw.id, ("facts", dim_id, "as_of"), fact.as_of
    for tool in kb.tools.values():
        yield "tool", tool.id, ("as_of",), tool.as_of
    for claim in kb.claims.values():
        yield "claim", claim.id, ("as_of",), claim.as_of


@rule("source.missing")
def facts_have_sources(kb):
    """Every known fact cites at least one source.

    Bad: `value: eager` with no `sources:`.
    """
    for fw in kb.frameworks.values():
        for dim_id, fact in fw.facts.items():
            if fact.value != UNKNOWN and not fact.sources:
                yield at(kb, "framework", fw.id, ("facts", dim_id), "source.missing",
                         f"{dim_id} has no source", "add `sources:` with the url and title of the page you checked",
                         key=True)


@rule("source.future")
def as_of_not_in_future(kb):
    """`as_of` (the day a person checked the fact) is not in the future.

    Bad: `as_of: 2999-01-01`.
    """
    for kind, entity_id, path, checked in _dated(kb):
        if checked > kb.today:
            yield at(kb, kind, entity_id, path, "source.future", f"as_of {checked} is in the future",
                     f"use the day you checked the source (today is {kb.today})")


@rule("source.stale")
def as_of_recent(kb):
    """Warning: a fact, tool or claim not checked for over a year should be re-checked.

    Bad: `as_of: 2020-01-01`.
    """
    for kind, entity_id, path, checked in _dated(kb):
        if (kb.today - checked).days > STALE_AFTER_DAYS:
            yield at(kb, kind, entity_id, path, "source.stale",
                     f"last checked {checked}, over {STALE_AFTER_DAYS} days ago",
                     "re-check the source and update as_of", severity="warning")
