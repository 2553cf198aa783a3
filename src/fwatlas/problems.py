"""One problem type for everything a contributor can get wrong, and its printers."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Iterable, Literal

# error: always fails; warning: fails with --strict (CI); notice: shown, never fails
Severity = Literal["error", "warning", "notice"]


@dataclass(frozen=True, order=True)
class Problem:
    """A finding that points at a place in a data file.

    Lines and columns are 1-based; 0 means "the whole file".
    """

    file: str
    line: int
    col: int
    rule: str
    message: str
    hint: str = ""
    severity: Severity = "error"

    def text(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        level = "" if self.severity == "error" else f"{self.severity}: "
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}: {self.rule}: {level}{self.message}{hint}"

    def github(self) -> str:
        # GitHub workflow command; the message must not contain raw newlines or '%'.
        body = f"{self.message}" + (f" ({self.hint})" if self.hint else "")
        body = body.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return (
            f"::{self.severity} file={self.file},line={max(self.line, 1)},"
            f"col={max(self.col, 1)},title={self.rule}::{body}"
        )


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.col, p.rule, p.message))


def format_problems(problems: list[Problem], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([asdict(p) for p in problems], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(p.github() for p in problems)
    return "\n".join(p.text() for p in problems)


def summary(problems: list[Problem]) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    notices = sum(p.severity == "notice" for p in problems)
    return f"{errors} error(s), {warnings} warning(s)" + (f", {notices} notice(s)" if notices else "")
