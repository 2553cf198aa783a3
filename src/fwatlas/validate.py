"""Turn pydantic validation errors into Problems that point at the YAML line."""
from __future__ import annotations

import difflib
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .problems import Problem
from .yamlfile import Document


def _unwrap(tp: Any) -> Any:
    """Strip Annotated/Optional so we can walk into lists, dicts and models."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = args[0] if len(args) == 1 else tp
            if len(args) != 1:
                return tp
        else:
            return tp


def allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys allowed in the mapping at `loc` (for did-you-mean hints)."""
    tp: Any = model
    for part in loc:
        tp = _unwrap(tp)
        origin = typing.get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(part, str):
            field = tp.model_fields.get(part)
            if field is None:
                return []
            tp = field.annotation
        elif origin in (list, dict):
            tp = typing.get_args(tp)[-1]
        else:
            return []
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return list(tp.model_fields)
    return []


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if hasattr(value, "isoformat"):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing (null)"
    return f"{value!r}"


def _problem(doc: Document, model: type[BaseModel], err: dict) -> Problem:
    loc = tuple(err["loc"])
    kind = err["type"]
    value = err.get("input")
    name = ".".join(str(p) for p in loc) or "(file)"
    if kind == "extra_forbidden":
        options = allowed_keys(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), options, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"allowed keys: {', '.join(options)}"
        return doc.problem(loc, "schema.unknown-key", f"unknown key {loc[-1]!r}", hint, key=True)
    if kind == "missing":
        return doc.problem(loc[:-1], "schema.missing-key", f"missing required key {loc[-1]!r}",
                           f"add `{loc[-1]}:` here")
    if kind in ("string_type", "str_type") and loc in doc.typed_plain:
        raw = doc.typed_plain[loc]
        return doc.problem(loc, "schema.type", f"{name}: expected text, but unquoted {raw!r} is read as "
                           f"{_describe(value)}", f'write "{raw}" in quotes')
    if kind == "string_pattern_mismatch":
        return doc.problem(loc, "schema.format", f"{name}: {value!r} does not match {err['ctx']['pattern']}",
                           _pattern_hint(err["ctx"]["pattern"]))
    if kind == "literal_error":
        expected = err["ctx"]["expected"]
        options = [o.strip(" '") for o in expected.replace(" or ", ",").split(",")]
        close = difflib.get_close_matches(str(value), options, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"use one of: {', '.join(options)}"
        return doc.problem(loc, "schema.enum", f"{name}: {value!r} is not allowed", hint)
    if kind in ("value_error", "date_type", "date_from_datetime_inexact"):
        message = err["msg"].removeprefix("Value error, ")
        return doc.problem(loc, "schema.value", f"{name}: {message}", "see CONTRIBUTING.md for the format")
    if kind == "too_short":
        return doc.problem(loc, "schema.empty", f"{name}: must not be empty", "add at least one entry")
    if kind.endswith("_type"):
        expected = kind.removesuffix("_type").replace("model", "mapping").replace("dict", "mapping")
        return doc.problem(loc, "schema.type", f"{name}: expected {expected}, got {_describe(value)}",
                           "fix the value's type")
    return doc.problem(loc, "schema.invalid", f"{name}: {err['msg']}", "fix the value")


def _pattern_hint(pattern: str) -> str:
    if "@" in pattern:
        return 'write framework@version, e.g. "pytorch@2.0"'
    if ":" in pattern:
        return "write framework:dimension, e.g. pytorch:execution.default_mode"
    if r"\." in pattern and "[0-9]+" in pattern:
        return 'versions look like "2.0" or "1.10.1"'
    if r"\." in pattern:
        return "dimension ids look like topic.name, e.g. execution.default_mode"
    return "ids use lowercase letters, digits and hyphens, e.g. my-framework"


def validate(doc: Document, model: type[BaseModel]) -> tuple[BaseModel | None, list[Problem]]:
    """Validate a parsed document; every error becomes one positioned Problem."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        problems = [_problem(doc, model, e) for e in exc.errors(include_url=False)]
        return None, problems
