"""What a valid version is: PEP 440, the standard pip uses. The schema check and
the ordering of releases share this one definition, so no version can pass one
and silently sort as 0 in the other."""
from __future__ import annotations

import functools
import re

from packaging.version import InvalidVersion, Version

# For editors only (JSON Schema): the normalized PEP 440 forms. `parse` is the authority.
SCHEMA_PATTERN = (r"^[0-9]+(\.[0-9]+)*((a|b|rc|alpha|beta|c|pre|preview)[0-9]*)?"
                  r"(\.?post[0-9]*)?(\.?dev[0-9]*)?(\+[a-z0-9]+([-_.][a-z0-9]+)*)?$")


def hint(text: str) -> str:
    """How to write a rejected version in PEP 440 form."""
    if re.search(r"-(m|milestone)\d", text, re.I):
        return "milestones are not PEP 440 versions: write the release they led to, or a pre-release like 1.0.0rc2"
    if "-" in text:
        return f'PEP 440 joins pre-releases without a dash, e.g. "{text.split("-")[0]}rc1"; a label goes after +'
    return 'versions look like "2.0", "1.10.1", "2.0rc1" or "0.1+bsd" (PEP 440)'


def parse(text: str) -> Version:
    """The version, or ValueError with a hint."""
    try:
        return Version(text)
    except InvalidVersion:
        raise ValueError(f"{text!r} is not a PEP 440 version ({hint(text)})") from None


@functools.lru_cache(maxsize=None)
def key(text: str) -> Version:
    """Sort key for a version already validated by `parse`. Remembered: the pages compare the
    same few thousand versions hundreds of thousands of times (Version is immutable)."""
    return Version(text)


def in_span(version: str, since: str, until: str | None) -> bool:
    """`version` (2.9.1) belongs to the series span since..until (series like 2.7 cover 2.7.x)."""
    k = key(version)
    if k < key(since):
        return False
    if until is None:
        return True
    parts = until.split(".")
    if k <= key(until):
        return True
    # a series "2.9" also covers 2.9.1: compare on as many parts as the series names
    return version.split(".")[:len(parts)] == parts
