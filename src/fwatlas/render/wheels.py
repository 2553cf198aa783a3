"""What the package index says, as tables a reader scans: per framework, its release
series × Python versions × platforms (newest first); across frameworks, the first and
last release with a given Python version or platform.

Input is data/index/<framework>.yaml (machine-written by `fwatlas sync`), never the
hand-written facts, so these tables cannot drift from the index.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from packaging.version import InvalidVersion, Version

from ..index.compare import primary_package
from ..index.credentials import public_url

# Column order and labels; other platform tags the index may show (windows-arm64, any)
# are added after these when present.
PLATFORMS = {
    "linux-x86_64": "Linux x86-64", "linux-aarch64": "Linux aarch64", "macos-arm64": "macOS arm64",
    "macos-x86_64": "macOS x86-64 (Intel)", "windows-x86_64": "Windows x86-64", "windows-arm64": "Windows arm64",
}
INTEL_MAC = "macos-x86_64"  # the Macs sold before Apple silicon
OPEN_SERIES = 10  # newer series shown at once; older ones fold away


def _v(text: str) -> Version:
    try:
        return Version(text)
    except InvalidVersion:
        return Version("0")


def _minor_key(minor: str) -> tuple[int, ...]:
    return tuple(int(p) for p in minor.split("."))


@dataclass
class SeriesRow:
    series: str
    versions: list[str]
    uploaded: str
    python: set[str]
    free_threaded: list[str]
    platforms: set[str]
    accelerator: str
    yanked: int
    href_id: str = ""


@dataclass
class Matrix:
    package: str
    url: str
    others: list[str]
    pythons: list[str]
    platforms: list[tuple[str, str]]
    rows: list[SeriesRow] = field(default_factory=list)
    accelerators: bool = False
    open_count: int = OPEN_SERIES


def framework_matrix(index) -> Matrix | None:
    """Release series (X.Y) of the primary package, newest first; each row shows the
    newest non-yanked release of its series (what `pip install pkg==X.Y.*` gets)."""
    package = primary_package(index)
    if package is None or not package.releases:
        return None
    series: dict[str, list] = {}
    for r in package.releases:
        v = _v(r.version)
        series.setdefault(f"{v.major}.{v.minor}", []).append(r)
    rows = []
    for name, releases in sorted(series.items(), key=lambda kv: _v(kv[0]), reverse=True):
        releases.sort(key=lambda r: _v(r.version))
        live = [r for r in releases if not r.yanked] or releases
        newest = live[-1]
        dates = [str(r.uploaded) for r in releases if r.uploaded != "unknown"]
        rows.append(SeriesRow(
            series=name, versions=[r.version for r in releases], uploaded=min(dates) if dates else "unknown",
            python=set(newest.python), free_threaded=[f"{m}t" for m in newest.free_threaded],
            platforms=set(newest.platforms), accelerator=newest.accelerator or "",
            yanked=sum(r.yanked for r in releases), href_id=f"wheels-{name}"))
    seen = {p for r in package.releases for p in r.platforms}
    platforms = [(k, label) for k, label in PLATFORMS.items() if k in seen]
    platforms += [(k, k) for k in sorted(seen - set(PLATFORMS)) if k != "any"]
    # a URL with credentials (user info, a token parameter) is shown without them: pages are public
    return Matrix(package=package.name, url=public_url(str(package.url)),
                  others=[p.name for p in index.packages if p.name != package.name], pythons=_pythons(rows),
                  platforms=platforms, rows=rows, accelerators=any(r.accelerator for r in rows))


def _pythons(rows: list[SeriesRow]) -> list[str]:
    return sorted({m for r in rows for m in r.python}, key=_minor_key, reverse=True)


def split(matrix: Matrix) -> tuple[Matrix, Matrix | None]:
    """The newest series, and the older ones as a second matrix, each with only the Python
    columns its rows use (so the newest stay narrow enough to read beside the sidebar)."""
    if len(matrix.rows) <= matrix.open_count:
        return matrix, None
    new, old = matrix.rows[:matrix.open_count], matrix.rows[matrix.open_count:]
    make = lambda rows: Matrix(matrix.package, matrix.url, matrix.others, _pythons(rows), matrix.platforms, rows,
                               any(r.accelerator for r in rows), len(rows))
    return make(new), make(old)


@dataclass
class Span:
    first: str
    last: str
    current: bool  # the newest release still has it

    @property
    def text(self) -> str:
        if self.current:
            return f"since {self.first}"
        return self.first if self.first == self.last else f"{self.first}–{self.last}"


RECENT_PYTHON = (3, 8)  # the cross-framework table starts here; older minors are on each framework's page


def requires_python(index) -> str:
    """Requires-Python of the primary package's newest release (for pure-Python packages,
    whose wheels name no Python version)."""
    package = primary_package(index)
    live = sorted((r for r in (package.releases if package else []) if not r.yanked), key=lambda r: _v(r.version))
    return (live[-1].requires_python or "") if live else ""


def spans(index) -> tuple[str, str, dict[str, Span], dict[str, Span]]:
    """For the primary package: (name, newest version, Python minor -> Span, platform -> Span),
    over non-yanked final releases. `first` and `last` are exact versions."""
    package = primary_package(index)
    releases = sorted((r for r in (package.releases if package else []) if not r.yanked), key=lambda r: _v(r.version))
    if not releases:
        return (package.name if package else "", "", {}, {})
    newest = releases[-1]

    def collect(attr: str) -> dict[str, Span]:
        found: dict[str, Span] = {}
        for r in releases:
            for item in getattr(r, attr):
                span = found.get(item)
                if span is None:
                    found[item] = Span(r.version, r.version, False)
                else:
                    span.last = r.version
        for item, span in found.items():
            span.current = item in getattr(newest, attr)
        return found

    return package.name, newest.version, collect("python"), collect("platforms")


def upload_day(index, version: str) -> str:
    """The day the primary package's `version` reached the index ('' when unknown)."""
    package = primary_package(index) if index else None
    for r in package.releases if package else []:
        if r.version == version and r.uploaded != "unknown":
            return str(r.uploaded)
    return ""
