"""Where hand-written facts disagree with the package index. Reported, never changed:
the person who typed the value decides which one is wrong.

Shared by `fwatlas sync` (printed after a sync) and the rules in checks/index.py.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from packaging.version import InvalidVersion, Version

from ..model import Framework, IndexFile, IndexPackage, IndexRelease, Tool
from ..problems import Problem
from ..yamlfile import Document
from .credentials import public_url  # a data file may still hold credentials: never print them
from .derive import python_range

DATE_TOLERANCE_DAYS = 1  # a release cut late in the evening lands on the next UTC day


def python_fact_ids(dimensions: dict) -> list[str]:
    """The dimensions that hold a Python range: version-range dimensions about Python."""
    return [d.id for d in dimensions.values() if d.type == "version-range" and "python" in d.id]


def main_packages(index: IndexFile) -> list[IndexPackage]:
    """The framework's own packages: not its variants (plugins, backends, CPU- or GPU-only builds
    published under their own names), whose versions and Pythons need not follow the framework's."""
    return [p for p in index.packages if p.role is None]


def newest(package: IndexPackage) -> IndexRelease | None:
    live = [r for r in package.releases if not r.yanked]
    return max(live, key=lambda r: Version(r.version)) if live else None


def newest_range(index: IndexFile) -> tuple[IndexPackage, IndexRelease, str] | None:
    """The CPython range of the newest non-yanked release, from the first package with
    CPython wheels (jaxlib rather than the pure-Python jax), else the first package."""
    candidates = []
    for package in main_packages(index):
        release = newest(package)
        if release is None:
            continue
        found = python_range(release.python, release.requires_python)
        if found:
            candidates.append((bool(release.python), package, release, found))
    if not candidates:
        return None
    with_wheels = [c for c in candidates if c[0]]
    _, package, release, found = (with_wheels or candidates)[0]
    return package, release, found


def _bounds(value: str) -> tuple[Version, Version | None]:
    """"3.10-3.14" -> (3.10, 3.14); "3.11+" -> (3.11, None)."""
    if value.endswith("+"):
        return Version(value[:-1]), None
    low, _, high = value.partition("-")
    return Version(low), Version(high or low)


def ranges_agree(hand: str, index: str) -> bool:
    try:
        hand_low, hand_high = _bounds(hand)
        index_low, index_high = _bounds(index)
    except InvalidVersion:
        return False
    if index_high is None:  # only requires-python bounds it: an upper bound cannot be checked
        return hand_low == index_low
    return (hand_low, hand_high) == (index_low, index_high)


def first_upload(framework: Framework, index: IndexFile, version: str) -> tuple[IndexPackage, IndexRelease] | None:
    """The index entry of the release a hand-written one names ("2.15" is 2.15.0, "2.7.post1" itself),
    from the first package with that series; None when the index lacks it (older files deleted)."""
    wanted = _version(version)
    if wanted is None:
        return None
    if wanted.is_prerelease or wanted.is_devrelease:
        return None
    exact = wanted.post is not None or len(wanted.release) > 2
    for package in main_packages(index):
        found = []
        for release in package.releases:
            have = _version(release.version)
            if have is None:
                continue
            if (have == wanted) if exact else have.release[: len(wanted.release)] == wanted.release:
                found.append((have, release))
        if found:
            first_version, first = min(found, key=lambda f: f[0])
            # "2.15" is 2.15.0; when the index lacks it (deleted files) a later patch's day says nothing
            return (package, first) if first_version == wanted else None
    return None


def _on_index(url: str, package: str) -> bool:
    """A URL of the package's page on the index (pypi.org/project/<name>/, /simple/<name>/)."""
    from packaging.utils import canonicalize_name

    parts = url.split("/")
    name = canonicalize_name(package)
    return any(part in ("project", "simple") and i + 1 < len(parts) and canonicalize_name(parts[i + 1]) == name
               for i, part in enumerate(parts[:-1]))


def release_dates(framework: Framework, doc: Document, index: IndexFile, severity: str = "warning") -> list[Problem]:
    problems = []
    for i, release in enumerate(framework.releases):
        hit = first_upload(framework, index, release.version)
        if hit is None or not isinstance(hit[1].uploaded, dt.date):
            continue
        package, first = hit
        if abs((release.date - first.uploaded).days) > DATE_TOLERANCE_DAYS:
            # A date resting on the index alone must be the index's day (a warning). A date that
            # release notes or a tag also back may differ from the upload day for good reasons
            # (files uploaded days after the announcement): a notice, with both days.
            on_index = [_on_index(s.url, package.name) for s in release.sources]
            cites_index = bool(on_index) and all(on_index)
            problems.append(doc.problem(
                ("releases", i, "date"), "index.release-date",
                f"{framework.name} {release.version} is dated {release.date}, but the first file of "
                f"{package.name} {first.version} was uploaded to the index on {first.uploaded} "
                f"({public_url(package.url)})"
                + ("" if cites_index else "; the date rests on other sources too (release notes, a tag)"),
                "check the release date against the index; sync never changes it" if cites_index else
                "if the date is the announcement or tag day, say so in a comment; sync never changes it",
                severity if cites_index else "notice"))
    return problems


def python_ranges(framework: Framework, doc: Document, index: IndexFile, fact_ids: list[str],
                  severity: str = "error") -> list[Problem]:
    found = newest_range(index)
    if found is None:
        return []
    package, release, index_range = found
    problems = []
    for fact_id in fact_ids:
        fact = framework.facts.get(fact_id)
        if fact is None or not isinstance(fact.value, str) or not fact.value[:1].isdigit():
            continue  # unknown, not-applicable: nothing to compare
        if not ranges_agree(fact.value, index_range):
            problems.append(doc.problem(
                ("facts", fact_id, "value"), "index.python-range",
                f"{fact_id} is {fact.value!r}, but the newest release on the index, {package.name} "
                f"{release.version}, gives {index_range!r} ({public_url(package.url)})",
                f"make the value {index_range!r} (with its note and as_of), or explain in the note why the index "
                "differs", severity))
    return problems


@lru_cache(maxsize=16384)  # every check compares the same few thousand index versions
def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def _series(version: Version) -> tuple[int, int]:
    major, minor = (version.release + (0, 0))[:2]
    return major, minor


def newest_main_release(index: IndexFile) -> tuple[IndexPackage, IndexRelease] | None:
    """The newest non-yanked final release of the first of the framework's own packages that has one
    (jax, not jaxlib; tensorflow, not a variant)."""
    for package in main_packages(index):
        release = newest(package)
        if release is not None:
            return package, release
    return None


def newer_release(framework: Framework, doc: Document, index: IndexFile) -> list[Problem]:
    """The index has a newer release series than the newest hand-written release (a warning), or,
    where the hand-written list names patch releases (0.12.0, 2.7.post1), a newer release in the same
    series (a notice)."""
    found = newest_main_release(index)
    if found is None or not framework.releases:
        return []
    package, release = found
    mine_at, mine = max(enumerate(framework.releases), key=lambda ir: (_version(ir[1].version) or Version("0")))
    have, hand = _version(release.version), _version(mine.version)
    if have is None or hand is None:
        return []
    uploaded = f", uploaded {release.uploaded}" if isinstance(release.uploaded, dt.date) else ""
    where = f"{package.name} {release.version}{uploaded} ({public_url(package.url)})"
    if _series(have) > _series(hand):
        return [doc.problem(
            ("releases", mine_at, "version"), "index.newer-release",
            f"the newest release listed for {framework.name} is {mine.version}, but the index has a newer "
            f"series: {where}",
            f"add release {have.major}.{have.minor} (its date and a source) to `releases:`; sync never adds it",
            "warning")]
    exact = hand.post is not None or len(hand.release) > 2
    if exact and have > hand and _series(have) == _series(hand):
        return [doc.problem(
            ("releases", mine_at, "version"), "index.newer-release",
            f"the newest release listed for {framework.name} is {mine.version}, but the index has {where}",
            f"add release {release.version} to `releases:` if it matters to readers; sync never adds it",
            "notice")]
    return []


def disagreements(framework: Framework, doc: Document, index: IndexFile, fact_ids: list[str]) -> list[Problem]:
    return (python_ranges(framework, doc, index, fact_ids) + release_dates(framework, doc, index)
            + newer_release(framework, doc, index))


# -- tools ---------------------------------------------------------------------------

def newest_by_upload(index: IndexFile, packages: list[IndexPackage] | None = None
                     ) -> tuple[IndexPackage, IndexRelease] | None:
    """The last non-yanked final release uploaded to the index, over the given packages (default:
    all): for a tool whose package was renamed (tflite-runtime, then ai-edge-litert) version numbers
    of different packages cannot be compared, upload days can."""
    best = None
    for package in index.packages if packages is None else packages:
        for release in package.releases:
            if release.yanked or not isinstance(release.uploaded, dt.date):
                continue
            key = (release.uploaded, _version(release.version) or Version("0"))
            if best is None or key > best[0]:
                best = (key, package, release)
    return (best[1], best[2]) if best else None


def tool_last_release(tool: Tool, doc: Document, index: IndexFile) -> list[Problem]:
    """A tool's hand-written `last_release` is older than the newest release on the index: uploaded
    more than a day later, and not a lower version of the same package (a backport or a build for
    another channel, such as a CPU build on the index while the last GPU build is elsewhere)."""
    mine = tool.last_release
    found = newest_by_upload(index)
    if mine is None or found is None:
        return []
    package, release = found
    hand, have = _version(mine.version), _version(release.version)
    if hand is None or have is None or have == hand:
        return []
    if (release.uploaded - mine.date).days <= DATE_TOLERANCE_DAYS:  # type: ignore[operator]
        return []
    holder = next((p for p in index.packages for r in p.releases if _version(r.version) == hand), None)
    if (holder is None or holder is package) and have <= hand:
        return []
    return [doc.problem(
        ("last_release", "version"), "index.tool-last-release",
        f"{tool.name}'s last_release is {mine.version} ({mine.date}), but the index has a later one: "
        f"{package.name} {release.version}, uploaded {release.uploaded} ({public_url(package.url)})",
        "update last_release (version, date, a source) after checking the release; sync never changes it",
        "warning")]


# Operating systems as the platform tags of wheels name them, and as facts name them.
OS_OF_PLATFORM = {"linux": "Linux", "macos": "macOS", "windows": "Windows"}


def platform_fact_ids(dimensions: dict) -> list[str]:
    """The dimensions that list operating systems with binary packages."""
    return [d.id for d in dimensions.values() if d.type == "list" and d.id.endswith(".platforms")]


def index_operating_systems(index: IndexFile) -> tuple[IndexPackage, IndexRelease, set[str]] | None:
    """Operating systems with platform wheels in the newest non-yanked release of the package that
    has platform wheels (a pure-Python `any` wheel names no operating system)."""
    for package in main_packages(index):
        release = newest(package)
        if release is None:
            continue
        systems = {OS_OF_PLATFORM[p.split("-")[0]] for p in release.platforms if p.split("-")[0] in OS_OF_PLATFORM}
        if systems:
            return package, release, systems
    return None


def platforms(framework: Framework, doc: Document, index: IndexFile, fact_ids: list[str],
              severity: str = "error") -> list[Problem]:
    found = index_operating_systems(index)
    if found is None:
        return []
    package, release, systems = found
    problems = []
    for fact_id in fact_ids:
        fact = framework.facts.get(fact_id)
        if fact is None or not isinstance(fact.value, list):
            continue  # unknown, not-applicable: nothing to compare
        named = " ".join(str(v) for v in fact.value).lower()
        missing = sorted(s for s in systems if s.lower() not in named)
        if missing:
            problems.append(doc.problem(
                ("facts", fact_id, "value"), "index.platforms",
                f"{fact_id} leaves out {', '.join(missing)}, but {package.name} {release.version} on the index "
                f"has wheels for it ({public_url(package.url)})",
                f"add {', '.join(missing)} to the list (with its note and as_of), or explain in the note why the "
                "index wheels do not count", severity))
    return problems


def primary_package(index):
    """The package whose wheels carry the platform story (jaxlib, not the pure-Python jax)."""
    for package in index.packages:
        if any(p != "any" for r in package.releases for p in r.platforms):
            return package
    return index.packages[0] if index.packages else None
