"""What a rule is, and the helper rules use to point at a YAML line."""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Callable, Iterable

from ..kb import KnowledgeBase
from ..problems import Problem
from ..yamlfile import Document, Path_

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


FileRuleFn = Callable[[KnowledgeBase, str, str, Document], Iterable[Problem]]


def file_rule(rule_id: str, context: Callable[[KnowledgeBase], str] | None = None
              ) -> Callable[[FileRuleFn], Rule]:
    """A rule that looks at one data file at a time: `fn(kb, kind, id, document)`.

    Its problems for a file depend only on that file's bytes (the file's key covers
    fwatlas's code too), on whether the file loaded, and on `context(kb)`, the little the
    rule reads from elsewhere (say, the dimension ids). So after a one-file edit the other
    files' problems are reused (rulecache.RuleResults) instead of computed again.
    """
    def wrap(one: FileRuleFn) -> Rule:
        def fn(kb: KnowledgeBase) -> Iterable[Problem]:
            store = kb.rule_results
            ctx = context(kb) if context else ""
            for (kind, entity_id), doc in sorted(kb.docs.items()):
                key = kb.file_keys.get((kind, entity_id))
                if store is None or key is None:
                    yield from one(kb, kind, entity_id, doc)
                    continue
                entry = f"{rule_id}\0{key}\0{(kind, entity_id) in kb.broken}\0{ctx}"
                found = store.get(entry)
                if found is None:
                    found = list(one(kb, kind, entity_id, doc))
                    store.put(entry, found)
                yield from found
        fn.__doc__ = one.__doc__
        return Rule(rule_id, fn)
    return wrap


def at(kb: KnowledgeBase, kind: str, entity_id: str, path: Path_, rule_id: str, message: str,
       hint: str = "", severity: str = "error", key: bool = False) -> Problem:
    """A problem positioned at `path` inside the file of entity (kind, id)."""
    doc = kb.docs.get((kind, entity_id))
    if doc is None:
        return Problem("data", 0, 0, rule_id, message, hint, severity)  # type: ignore[arg-type]
    return doc.problem(path, rule_id, message, hint, severity, key=key)
