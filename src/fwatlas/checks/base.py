"""What a rule is, and the helper rules use to point at a YAML line."""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Callable, Iterable

from ..kb import KnowledgeBase
from ..problems import Problem
from ..yamlfile import Path_

RuleFn = Callable[[KnowledgeBase], Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    id: str
    fn: RuleFn

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.fn.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""


def rule(rule_id: str) -> Callable[[RuleFn], Rule]:
    def wrap(fn: RuleFn) -> Rule:
        return Rule(rule_id, fn)
    return wrap


def at(kb: KnowledgeBase, kind: str, entity_id: str, path: Path_, rule_id: str, message: str,
       hint: str = "", severity: str = "error", key: bool = False) -> Problem:
    """A problem positioned at `path` inside the file of entity (kind, id)."""
    doc = kb.docs.get((kind, entity_id))
    if doc is None:
        return Problem("data", 0, 0, rule_id, message, hint, severity)  # type: ignore[arg-type]
    return doc.problem(path, rule_id, message, hint, severity, key=key)
