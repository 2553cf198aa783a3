"""The one core both front ends call: load, validate and check the data."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .checks import run_rules
from .kb import KnowledgeBase
from .load import load
from .problems import Problem, sort_problems
from .rulecache import RuleResults


def check_project(root: Path, today: dt.date | None = None) -> tuple[KnowledgeBase, list[Problem]]:
    kb, problems = load(root, today)
    kb.rule_results = results = RuleResults(root)  # per-file rules reuse what unchanged files gave
    try:
        problems += run_rules(kb)
    finally:
        kb.rule_results = None
    results.finish()
    return kb, sort_problems(problems)
