"""Strict data models for the YAML files (pydantic v2).

Raw data only: values derived from it (latest release, staleness...) are
computed in `kb.py`. Unknown keys are errors (`extra="forbid"`), and strict
mode keeps YAML's numbers and booleans from slipping into string fields.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field,
                      PlainValidator, StringConstraints, WithJsonSchema)

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
DIMENSION_PATTERN = r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$"
VERSION_PATTERN = r"^[0-9]+(\.[0-9]+){0,3}([a-z]+[0-9]*)?$"

SUPPORT_LEVELS = ("official", "plugin", "community", "experimental", "deprecated", "none")
UNKNOWN = "unknown"


def _iso_date(value: Any) -> Any:
    # YAML gives a date for an unquoted 2023-03-15; a quoted one arrives as text.
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date without a time, like 2023-03-15")
    if isinstance(value, str):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError("expected an ISO date like 2023-03-15")
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"not a real date: {exc}") from None
    return value


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise ValueError("expected an http(s) URL like https://example.org/page")
    return value


def _fact_value(value: Any) -> Any:
    if isinstance(value, (str, bool)) or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise ValueError("a value is text, true/false, an ISO date or a list of texts")


Text = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1)]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
DimensionId = Annotated[str, StringConstraints(pattern=DIMENSION_PATTERN)]
Version = Annotated[str, StringConstraints(pattern=VERSION_PATTERN)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date),
                    WithJsonSchema({"type": "string", "format": "date"})]
HttpUrl = Annotated[str, AfterValidator(_http_url),
                    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"})]
FactValue = Annotated[Any, PlainValidator(_fact_value), WithJsonSchema({
    "anyOf": [{"type": "string"}, {"type": "boolean"}, {"type": "string", "format": "date"},
              {"type": "array", "items": {"type": "string"}}]})]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Source(Strict):
    url: HttpUrl
    title: Text
    archived: HttpUrl | None = None


class PreviousValue(Strict):
    value: FactValue
    since: Version | None = None
    until: Version | None = None
    sources: list[Source] = []
    note: Text | None = None


class Fact(Strict):
    value: FactValue
    since: Version | None = None
    as_of: IsoDate
    sources: list[Source] = []
    note: Text | None = None
    previously: list[PreviousValue] = []


class Release(Strict):
    version: Version
    date: IsoDate
    highlights: Text | None = None
    sources: list[Source] = Field(min_length=1)


LineageRelation = Literal["influenced-by", "succeeds", "merged-into", "forked-from", "integrated-into"]


class Lineage(Strict):
    """How this framework descends from or feeds into another (a framework id)."""

    relation: LineageRelation
    target: Id
    date: IsoDate | None = None
    note: Text | None = None
    sources: list[Source] = Field(min_length=1)


class Framework(Strict):
    id: Id
    name: Text
    summary: Text
    homepage: HttpUrl | None = None
    facts: dict[DimensionId, Fact] = {}
    releases: list[Release] = []
    lineage: list[Lineage] = []


ToolCategory = Literal["server", "mobile-edge", "browser", "exchange-format", "pipeline",
                       "compiler", "library", "hub"]
ToolStatus = Literal["active", "maintenance", "deprecated", "archived"]


class Tool(Strict):
    id: Id
    name: Text
    formerly: list[Text] = []
    category: ToolCategory
    frameworks: list[Id] = Field(min_length=1)
    summary: Text
    homepage: HttpUrl | None = None
    status: ToolStatus
    status_since: IsoDate | None = None
    replaced_by: Id | None = None
    first_release: IsoDate | None = None
    as_of: IsoDate
    sources: list[Source] = Field(min_length=1)
    note: Text | None = None


Verdict = Literal["accurate", "outdated", "misleading", "wrong", "depends"]


class ClaimCheck(Strict):
    """A machine check. One of three forms (see `checks/claims.py`):
    {fact, equals|contains}, {release, date|year}, {tool, status}."""

    fact: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*:" + DIMENSION_PATTERN[1:])] | None = None
    equals: FactValue | None = None
    contains: Text | None = None
    release: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*@" + VERSION_PATTERN[1:])] | None = None
    date: IsoDate | None = None
    year: int | None = None
    tool: Id | None = None
    status: ToolStatus | None = None


class Claim(Strict):
    id: Id
    claim: Text
    topic: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    verdict: Verdict
    explanation: Text
    evidence: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*:" + DIMENSION_PATTERN[1:])]] = []
    sources: list[Source] = []
    as_of: IsoDate
    check: ClaimCheck | None = None


DimensionType = Literal["text", "enum", "bool", "date", "version", "url", "list", "support", "tools"]


class Dimension(Strict):
    id: DimensionId
    label: Text
    type: DimensionType
    help: Text
    values: dict[str, Text] | None = None


class Topic(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    label: Text
    description: Text
    dimensions: list[Dimension] = Field(min_length=1)


class DimensionsFile(Strict):
    support_levels: dict[str, Text]
    topics: list[Topic] = Field(min_length=1)


# One entry per kind of data file: the folder (or file) and its model.
KINDS: dict[str, type[Strict]] = {
    "dimensions": DimensionsFile,
    "framework": Framework,
    "tool": Tool,
    "claim": Claim,
}
