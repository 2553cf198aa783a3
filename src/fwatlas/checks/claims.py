"""Rules for graded claims: a machine check can never disagree with the verdict."""
from __future__ import annotations

from .base import at, rule
from .history import release_for

FORMS = {  # check form -> (key naming the subject, keys asserting something about it)
    "fact": ("fact", ("equals", "contains")),
    "release": ("release", ("date", "year")),
    "tool": ("tool", ("status",)),
}


def check_form(check) -> str | None:
    """Which form a check has, or None when it mixes or lacks keys."""
    present = {k for k, v in check.model_dump().items() if v is not None}
    for form, (subject, asserts) in FORMS.items():
        if subject in present:
            wanted = present - {subject}
            if len(wanted) == 1 and wanted <= set(asserts):
                return form
    return None


def evaluate(kb, check) -> tuple[str, str] | None:
    """The verdict the data gives for a check, with the reason; None if it cannot be evaluated."""
    form = check_form(check)
    if form == "fact":
        fact = kb.fact(check.fact)
        if fact is None:
            return None
        if check.equals is not None:
            holds = lambda value: value == check.equals  # noqa: E731
            said = f"is {check.equals}"
        else:
            # a list of names, or of mechanisms (matched by name)
            holds = lambda value: isinstance(value, list) and any(  # noqa: E731
                (v.get("name") if isinstance(v, dict) else v) == check.contains for v in value)
            said = f"includes {check.contains}"
        if holds(fact.value):
            return "accurate", f"{check.fact} {said}"
        if any(holds(p.value) for p in fact.previously):
            return "outdated", f"{check.fact} {said} only in earlier versions; now {fact.value}"
        return "wrong", f"{check.fact} is {fact.value}, never {said.split(' ', 1)[1]}"
    if form == "release":
        fw_id, _, version = check.release.partition("@")
        framework = kb.frameworks.get(fw_id)
        release = release_for(framework, version) if framework else None
        if release is None:
            return None
        if check.date is not None:
            ok = release.date == check.date
        else:
            ok = release.date.year == check.year
        return ("accurate" if ok else "wrong"), f"{fw_id} {release.version} was released on {release.date}"
    if form == "tool":
        tool = kb.tools.get(check.tool)
        if tool is None:
            return None
        if tool.status == check.status:
            return "accurate", f"{tool.name} is {tool.status}"
        if check.status == "active":
            return "outdated", f"{tool.name} is {tool.status} since {tool.status_since}"
        return "wrong", f"{tool.name} is {tool.status}"
    return None


@rule("claim.check-form")
def check_forms(kb):
    """A claim check has one of three forms: {fact, equals|contains}, {release, date|year}, {tool, status}.

    Bad: `check: {fact: pytorch:history.license, date: 2017-01-01}`.
    """
    for claim in kb.claims.values():
        if claim.check and check_form(claim.check) is None:
            yield at(kb, "claim", claim.id, ("check",), "claim.check-form",
                     "a check needs exactly one subject and one assertion",
                     "use {fact, equals}, {fact, contains}, {release, date}, {release, year} or {tool, status}")


@rule("claim.check")
def checks_agree(kb):
    """A claim's machine check gives the same verdict as the one written in the file.

    Bad: `verdict: accurate` with `check: {release: "pytorch@2.0", year: 2020}` when 2.0 came out in 2023.
    """
    for claim in kb.claims.values():
        if not claim.check or check_form(claim.check) is None:
            continue
        result = evaluate(kb, claim.check)
        if result is None:
            # a subject in a file that failed to load is that file's problem, reported there
            broken = (claim.check.release and ("framework", claim.check.release.partition("@")[0]) in kb.broken) or \
                (claim.check.tool and ("tool", claim.check.tool) in kb.broken)
            if (claim.check.release or claim.check.tool) and not broken:
                subject = claim.check.release or claim.check.tool
                yield at(kb, "claim", claim.id, ("check",), "claim.check",
                         f"the check's subject {subject!r} is not in the data", "name a listed release or tool")
            continue
        computed, reason = result
        if computed != claim.verdict:
            yield at(kb, "claim", claim.id, ("verdict",), "claim.check",
                     f"verdict is {claim.verdict!r} but the data says {computed!r}: {reason}",
                     "fix the verdict, the check, or the fact it reads")


@rule("claim.support")
def claims_are_supported(kb):
    """A claim cites evidence (facts, or a machine check, which reads a sourced fact,
    release or tool) or sources; with none it fails. A claim whose evidence facts
    are all unknown is a warning: it rests on nothing known.

    Bad: `evidence: []` and no `sources:`; `evidence: [tensorflow:community.github_stars]` when that is unknown.
    """
    from ..model import UNKNOWN
    for claim in kb.claims.values():
        if not claim.evidence and not claim.sources and not claim.check:
            yield at(kb, "claim", claim.id, ("evidence",), "claim.support",
                     f"claim {claim.id!r} cites neither evidence nor sources",
                     "add `evidence:` (framework:dimension) or `sources:` that back every part of it", key=True)
            continue
        facts = [kb.fact(a) for a in claim.evidence]
        if facts and all(f is not None and f.value == UNKNOWN for f in facts) and not claim.sources:
            yield at(kb, "claim", claim.id, ("evidence",), "claim.support",
                     f"every fact claim {claim.id!r} cites as evidence is unknown",
                     "cite sources that back the claim, or evidence that is known", severity="warning", key=True)
