"""The rule registry, written out by hand so the list reads as documentation."""
from __future__ import annotations

from ..kb import KnowledgeBase
from ..problems import Problem
from . import apis, builds, claims, dimensions, editor, facts, history, index, references, snippets, sources, todo, voice
from . import oneline
from . import releases
from . import recheck
from .base import Rule

RULES: list[Rule] = [
    dimensions.duplicate_ids,
    dimensions.topic_prefix,
    dimensions.enum_values,
    references.fact_dimensions,
    references.tool_ids,
    references.tools_list_their_frameworks,
    references.framework_ids,
    references.claim_evidence,
    references.claim_topics,
    facts.fact_values,
    facts.unknown_has_note,
    facts.missing_facts,
    facts.short_values,
    facts.no_answer_explained,
    facts.support_fields,
    facts.routes_current,
    facts.unknown_share,
    sources.facts_have_sources,
    sources.as_of_not_in_future,
    sources.as_of_recent,
    recheck.recheck_due,
    sources.weak_sources,
    sources.vanishing_sources_archived,
    sources.no_credentials_in_urls,
    history.releases_ordered,
    history.since_is_a_release,
    history.first_release_matches,
    history.tool_status_dated,
    history.dates_not_in_future,
    history.facts_need_releases,
    index.python_range,
    index.release_date,
    index.platforms,
    releases.tool_last_release, releases.newer_release, releases.no_recent_release,
    builds.builds_framework,
    builds.builds_series,
    builds.builds_index,
    builds.builds_default_accelerator,
    apis.api_dates,
    apis.api_successor,
    apis.api_stale_result,
    claims.check_forms,
    claims.checks_agree,
    claims.claims_are_supported,
    snippets.stale_results,
    snippets.result_versions,
    snippets.snippet_files, snippets.snippet_paths, snippets.snippet_frameworks,
    editor.schema_comment,
    todo.placeholders,
    voice.neutral_voice,
    oneline.one_line_fields,
]


def run_rules(kb: KnowledgeBase, rules: list[Rule] | None = None) -> list[Problem]:
    """Run every rule; a rule that crashes is reported as a problem, not raised."""
    problems: list[Problem] = []
    for r in rules or RULES:
        try:
            problems.extend(r.fn(kb))
        except Exception as exc:  # noqa: BLE001 - one broken rule must not hide the others
            problems.append(Problem("data", 0, 0, "internal.rule-crashed",
                                    f"rule {r.id} crashed: {type(exc).__name__}: {exc}",
                                    "please report this as a bug"))
    return problems


__all__ = ["RULES", "Rule", "run_rules"]
