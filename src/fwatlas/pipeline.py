"""The one core both front ends call: load, validate and check the data."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .checks import run_rules
from .kb import KnowledgeBase
from .load import load
from .problems import Problem, sort_problems


def check_project(root: Path, today: dt.date | None = None) -> tuple[KnowledgeBase, list[Problem]]:
    kb, problems = load(root, today)
    problems += run_rules(kb)
    return kb, sort_problems(problems)
