"""What a project's file list says about each final release (PEP 691/700 files, PEP 427 wheel tags).

Only what the files show is recorded: a value the index does not give stays
out (an unknown upload day is "unknown", never a guess). Nothing the index says
is trusted: a file whose name or wheel tags the data files cannot hold (markup,
a 10 KB platform tag, a Python minor of 3.99999) is skipped and counted, an odd
upload time is unknown, and numbers are bounded before they are used.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from email.parser import HeaderParser
from typing import Any

from packaging.markers import UndefinedEnvironmentName
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import (InvalidSdistFilename, InvalidWheelFilename, parse_sdist_filename,
                             parse_wheel_filename)
from packaging.version import InvalidVersion, Version

from ..model import IndexRelease  # the model the loader checks the written files with

UNKNOWN = "unknown"
# A wheel tagged for one CPython version with no ABI and no platform (cp310-none-any). Pure-Python
# code is tagged py3-none-any; a CPython tag says the files need that interpreter, which is what
# compiled extension modules need. pip installs such a wheel on any platform, whatever it holds
# (MindSpore's hold Linux aarch64 binaries), so it is recorded apart from "any" (pure Python).
ANY_COMPILED = "any-compiled"
Minor = tuple[int, int]
MAX_FILENAME = 255  # longer than a file system allows: no real file
MAX_PLATFORM = 64  # longest real tag: ios_13_0_arm64_iphonesimulator (30)
MAX_REQUIRES_PYTHON = 200  # real ones are under 100 characters
EARLIEST_UPLOAD = dt.date(1991, 2, 20)  # Python's first release: an upload before it is a broken clock
_EXTRA = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$")  # PEP 685 names, bounded


@dataclass
class ReleaseInfo:
    version: str
    uploaded: dt.date | None  # None: no file of the release carries a PEP 700 upload-time
    python: list[str]
    free_threaded: list[str]
    platforms: list[str]
    yanked: bool
    requires_python: str | None
    # the file whose core metadata shows the accelerator of the default install (Linux x86-64)
    default_wheel: dict[str, Any] | None = None
    accelerator: str | None = None
    accelerator_extras: dict[str, str] = field(default_factory=dict)

    @property
    def series(self) -> tuple[int, ...]:
        return Version(self.version).release[:2]


# -- file names -------------------------------------------------------------

_EGG = re.compile(r"^(?P<name>[^-]+)-(?P<version>[^-]+)-py\d(\.\d+)?(-.+)?\.egg$", re.I)


def file_version(filename: str):
    """(version, wheel tags or None) of a distribution file; None when the name cannot be read."""
    try:
        if filename.endswith(".whl"):
            _, version, _, tags = parse_wheel_filename(filename)
            return version, tags
        if filename.endswith((".tar.gz", ".zip")):
            return parse_sdist_filename(filename)[1], None
        match = _EGG.match(filename)  # old eggs count for the upload day only
        return (Version(match["version"]), None) if match else None
    except (InvalidWheelFilename, InvalidSdistFilename, InvalidVersion, ValueError):  # ValueError: a huge number
        return None


def cpython_minor(interpreter: str) -> Minor | None:
    """cp311 -> (3, 11); cp27 -> (2, 7); anything but CPython (or an absurd cp31000000) -> None."""
    match = re.fullmatch(r"cp([23])(\d{1,2})", interpreter)
    return (int(match[1]), int(match[2])) if match else None


def platform_names(platform: str) -> list[str]:
    """One wheel platform tag as the Atlas names platforms ("any" for pure wheels)."""
    if platform == "any":
        return ["any"]
    if platform.startswith(("manylinux", "musllinux", "linux")):
        arch = re.sub(r"^(many|musl)?linux(\d+|_\d+_\d+)?_", "", platform)
        return [f"linux-{ {'amd64': 'x86_64', 'arm64': 'aarch64'}.get(arch, arch) }"]
    if platform.startswith("macosx"):
        arch = platform.split("_", 3)[-1]
        if arch == "universal2":  # one fat binary for both Macs
            return ["macos-arm64", "macos-x86_64"]
        if arch in ("intel", "universal", "fat", "fat3", "fat32", "fat64", "x86_64", "i386"):
            return ["macos-x86_64"] if arch != "i386" else ["macos-i386"]
        return [f"macos-{arch}"]
    if platform.startswith("win"):
        return [{"win_amd64": "windows-x86_64", "win_arm64": "windows-arm64", "win32": "windows-x86"}
                .get(platform, f"windows-{platform.removeprefix('win_')}")]
    return [platform]


def usable(file: dict[str, Any]) -> bool:
    """Whether the data files can hold what this file's name says: a name no longer than a file
    system allows, and wheel tags that give a plausible CPython version and platforms the
    model accepts (IndexRelease.platforms), none longer than MAX_PLATFORM. A name that is
    no distribution at all (an .exe, a .msi) is ignored elsewhere, not counted here."""
    name = file.get("filename")
    if not isinstance(name, str) or len(name) > MAX_FILENAME:
        return False
    parsed = file_version(name)
    if parsed is None or parsed[1] is None:
        return True
    names = []
    for tag in parsed[1]:
        if re.fullmatch(r"cp\d{2,}", tag.interpreter) and cpython_minor(tag.interpreter) is None:
            return False  # cp31000000: no CPython minor (and a range up to it would never end)
        names += platform_names(tag.platform)
    if any(len(n) > MAX_PLATFORM for n in names):
        return False
    try:
        IndexRelease.model_validate({"version": "0", "uploaded": UNKNOWN, "platforms": names})
    except ValueError:  # pydantic's ValidationError
        return False
    return True


def _fmt(minor: Minor) -> str:
    return f"{minor[0]}.{minor[1]}"


def _upload_day(file: dict[str, Any]) -> dt.date | None:
    """The UTC day of a PEP 700 upload-time; None (unknown) when it is missing or odd: not
    ISO 8601, out of range once in UTC (9999-12-31T23:59:59-23:59), before Python existed or
    after tomorrow."""
    value = file.get("upload-time")
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        day = (stamp.astimezone(dt.timezone.utc) if stamp.tzinfo else stamp).date()
    except (ValueError, OverflowError):
        return None
    if not EARLIEST_UPLOAD <= day <= dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=1):
        return None
    return day


def _specifier(value: Any) -> SpecifierSet | None:
    """A requires-python worth keeping: valid, printable, of a sane length."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_REQUIRES_PYTHON \
            or not all(" " <= c <= "~" for c in value):
        return None
    try:
        return SpecifierSet(value)
    except InvalidSpecifier:
        return None


def _minors_in(spec: SpecifierSet, ceiling: Minor) -> set[Minor]:
    """CPython minors a requires-python admits, from 2.7 up to the ceiling."""
    candidates = [(2, 7)] + [(3, m) for m in range(0, ceiling[1] + 1)] if ceiling[0] == 3 else [(2, 7)]
    return {c for c in candidates if c <= ceiling and spec.contains(_fmt(c) + ".0", prereleases=True)}


# -- releases ---------------------------------------------------------------

def newest_cpython(files: list[dict[str, Any]]) -> Minor | None:
    """The newest CPython minor any wheel of the project names: the upper bound for
    abi3 wheels and pure wheels, which name no maximum themselves."""
    best = None
    for f in files:
        parsed = file_version(f["filename"])
        for tag in (parsed[1] or ()) if parsed else ():
            minor = cpython_minor(tag.interpreter)
            if minor and (best is None or minor > best):
                best = minor
    return best


def releases(files: list[dict[str, Any]], skipped: list[str] | None = None) -> list[ReleaseInfo]:
    """Every final release (no pre-, dev-releases) with what its files show, newest first.
    Files the data files cannot hold are left out, their names added to `skipped`."""
    kept = []
    for f in files:
        if usable(f):
            kept.append(f)
        elif skipped is not None:
            skipped.append(str(f.get("filename")))
    files = kept
    ceiling = newest_cpython(files)
    by_version: dict[Version, list[tuple[dict[str, Any], Any]]] = {}
    for f in files:
        parsed = file_version(f["filename"])
        if parsed is None or parsed[0].is_prerelease or parsed[0].is_devrelease:
            continue
        by_version.setdefault(parsed[0], []).append((f, parsed[1]))
    out = [_release(v, entries, ceiling) for v, entries in by_version.items()]
    return sorted(out, key=lambda r: Version(r.version), reverse=True)


def _release(version: Version, entries: list[tuple[dict[str, Any], Any]], ceiling: Minor | None) -> ReleaseInfo:
    days = [d for d in (_upload_day(f) for f, _ in entries) if d]
    yanked = all(bool(f.get("yanked")) for f, _ in entries)
    live = [(f, tags) for f, tags in entries if not f.get("yanked")] or entries  # a yanked file says nothing
    python: set[Minor] = set()
    free: set[Minor] = set()
    platforms: set[str] = set()
    pure = False
    requires = [f.get("requires-python") for f, _ in live if _specifier(f.get("requires-python"))]
    requires_python = max(requires, key=requires.count) if requires else None
    default_wheel, default_rank = None, None
    for f, tags in live:
        if tags is None:  # an sdist or egg: no platform; Python from requires-python below
            pure = True
            continue
        for tag in tags:
            minor = cpython_minor(tag.interpreter)
            if minor is not None and tag.abi == "none" and tag.platform == "any":
                platforms.add(ANY_COMPILED)  # cp310-none-any: for one CPython, so not pure Python
            else:
                platforms.update(platform_names(tag.platform))
            if minor is None:  # py3, py2.py3: pure Python code, bounded by requires-python
                pure = True
            elif tag.abi == "abi3":  # the stable ABI: this minor and every later one
                spec = _specifier(f.get("requires-python"))
                top = max(ceiling or minor, minor)
                python.update(m for m in [(minor[0], n) for n in range(minor[1], top[1] + 1)]
                              if spec is None or spec.contains(_fmt(m) + ".0", prereleases=True))
            elif tag.abi.endswith("t") and tag.abi.startswith("cp"):  # free-threaded build (PEP 703)
                free.add(minor)
            else:
                python.add(minor)
            if tag.abi != "abi3" and not tag.abi.endswith("t") and "linux" in tag.platform \
                    and tag.platform.endswith("x86_64") and (minor or tag.interpreter.startswith("py")):
                # a CPython wheel first, then manylinux, then the newest Python; a py3-none-manylinux wheel
                # (mxnet 1.x, mlx-cuda-12: compiled code that does not link to Python) when there is no other
                rank = (minor is not None, not tag.platform.startswith("musllinux"), minor or (0, 0))
                if default_rank is None or rank > default_rank:
                    default_wheel, default_rank = f, rank
    spec = _specifier(requires_python)
    if pure and spec is not None and ceiling is not None:
        python |= _minors_in(spec, ceiling)
    return ReleaseInfo(
        version=str(version), uploaded=min(days) if days else None,
        python=[_fmt(m) for m in sorted(python)], free_threaded=[_fmt(m) for m in sorted(free)],
        platforms=sorted(platforms), yanked=yanked, requires_python=requires_python,
        default_wheel=default_wheel)


def python_range(python: list[str], requires_python: str | None) -> str | None:
    """The Atlas way to write a Python range: "3.10-3.14", or "3.11+" when only
    requires-python bounds it (a pure-Python release with no wheel to cap it)."""
    if python:
        minors = sorted(tuple(int(p) for p in v.split(".")) for v in python)
        return f"{_fmt(minors[0])}-{_fmt(minors[-1])}" if len(minors) > 1 else _fmt(minors[0])  # type: ignore[arg-type]
    spec = _specifier(requires_python)
    if spec is None:
        return None
    floors = [s.version for s in spec if s.operator in (">=", ">", "~=", "==")]
    if not floors:
        return None
    low = Version(min(floors, key=Version))
    return f"{low.major}.{low.minor}+"


# -- accelerators from core metadata ------------------------------------------

_CUDA_SUFFIX = re.compile(r"^nvidia-.+-cu(\d{1,3})$")


def _cuda_major(req: Requirement) -> int | None:
    match = _CUDA_SUFFIX.match(req.name.lower())
    if match:
        return int(match[1])
    if req.name.lower() in ("cuda-toolkit", "nvidia-cuda-runtime"):  # new-style names: major from the pin
        pins = [s.version for s in req.specifier if s.operator in ("==", "~=", ">=", "===")]
        if pins:
            try:
                major = Version(pins[0].rstrip(".*")).major
            except (InvalidVersion, ValueError):  # ValueError: a number too long to read
                return None
            return major if major < 1000 else None
    return None


def _environment(python: str, extra: str) -> dict[str, str]:
    """A Linux x86-64 CPython install: where the default wheel lands."""
    return {"implementation_name": "cpython", "implementation_version": f"{python}.0",
            "os_name": "posix", "platform_machine": "x86_64", "platform_release": "",
            "platform_system": "Linux", "platform_version": "", "python_full_version": f"{python}.0",
            "platform_python_implementation": "CPython", "python_version": python,
            "sys_platform": "linux", "extra": extra}


def _accelerator(requirements: list[Requirement], python: str, extra: str) -> set[int]:
    majors = set()
    for req in requirements:
        major = _cuda_major(req)
        if major is None:
            continue
        try:
            if req.marker is None or req.marker.evaluate(_environment(python, extra)):
                majors.add(major)
        except (UndefinedEnvironmentName, ValueError):  # a marker packaging cannot evaluate
            continue
    return majors


def accelerators(metadata: str, python: str, bundled: int | None = None) -> tuple[str, dict[str, str]]:
    """The accelerator build the default install pulls in ("cuda-12", or "none"),
    and the one each extra adds ({"and-cuda": "cuda-12"}), from Requires-Dist. `bundled`: the major
    version of a CUDA runtime the wheel itself carries (its file list shows it), which counts when
    Requires-Dist pulls in none (torch 1.x bundled CUDA 10.2 in its default wheel)."""
    headers = HeaderParser().parsestr(metadata)
    requirements = []
    for line in headers.get_all("Requires-Dist") or []:
        try:
            requirements.append(Requirement(line))
        except InvalidRequirement:
            continue
    default = _accelerator(requirements, python, "")
    extras = {}
    for extra in headers.get_all("Provides-Extra") or []:
        extra = str(extra).strip()
        if not _EXTRA.fullmatch(extra):  # markup, spaces, 10 KB: not a name the data files hold
            continue
        added = _accelerator(requirements, python, extra) - default
        if added:
            extras[extra] = f"cuda-{max(added)}"
    if not default and bundled is not None and 0 < bundled < 1000:
        default = {bundled}
    return (f"cuda-{max(default)}" if default else "none"), extras


def wheel_python(file: dict[str, Any]) -> str:
    """The CPython version a wheel is for ("3.13"), to evaluate its requirement markers."""
    parsed = file_version(file["filename"])
    minors = [m for t in (parsed[1] or ()) for m in [cpython_minor(t.interpreter)] if m] if parsed else []
    return _fmt(max(minors)) if minors else "3.12"
