"""Atom feeds of data changes, site-wide and per framework, from the git history of data/.

Each commit that touched data/ is compared with its (first) parent by the data
diff (`datadiff.diff`), and every framework it changed becomes one entry: facts
added, changed or removed, and releases added or removed. The feed is built
from git alone (commit dates, never the clock), so the same history gives the
same bytes.

Speed: loading a whole data tree takes ~0.2 s, so a load per commit would be
seconds. The history is read instead at the level of git objects: each data
file (a blob) is parsed and validated once per content, and each data tree
(the same tree recurs as one commit's result and the next one's parent) is
assembled once; both are cached in memory by their SHA, as is each commit's
diff. The files are parsed and validated exactly as `load` does (read_yaml,
then the model), so an entry says what `fwatlas diff` would say.

The XML is written by feedgen (pinned), the usual Atom/RSS writer on PyPI, so
the namespace, required elements and escaping are its concern, not ours.
"""
from __future__ import annotations

import datetime as dt
import html
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .datadiff import diff
from .feedlinks import FEED_TYPE, SITE_FEED, SITE_TITLE, alternate_links, feed_path  # noqa: F401 (re-exported)
from .kb import KnowledgeBase
from .load import FOLDERS
from .model import KINDS
from .render import urls
from .validate import validate
from .yamlfile import MAX_BYTES, read_yaml

MAX_COMMITS = 50          # the newest commits that touched data/
MAX_ITEMS = 30            # list items in one entry's content
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)  # `updated` of a feed with no history at all

_KIND_OF_FOLDER = {folder: kind for kind, folder in FOLDERS.items()}

# In-memory caches, keyed by git object ids (content-addressed, so safe across repositories).
_ENTITIES: dict[str, object | None] = {}      # blob sha -> validated model, None when it does not load
_TREES: dict[str, KnowledgeBase] = {}         # data tree sha -> knowledge base
_DIFFS: dict[tuple[str, str], dict] = {}      # (old tree or "", new tree) -> datadiff.diff result


# -- reading the history ------------------------------------------------------------
@dataclass(frozen=True)
class DataCommit:
    sha: str
    parent: str        # first parent, "" for a root commit
    date: dt.datetime  # committer date, in UTC


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """A git command's result; a missing or unrunnable git is a failed command, so a build
    without git (a container, a source tarball) has feeds with no history, not a traceback."""
    try:
        return subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True)
    except OSError as exc:
        return subprocess.CompletedProcess(["git", *args], 127, b"", str(exc).encode())


def data_commits(root: Path, limit: int = MAX_COMMITS) -> list[DataCommit]:
    """The newest commits that touched data/, newest first (none outside a git clone)."""
    result = _git(root, "log", f"-n{limit}", "--format=%H%x09%P%x09%cI", "--", "data")
    if result.returncode != 0:
        return []
    # In a shallow clone (actions/checkout's default depth 1) the oldest commit has its parents
    # cut off: it would read as adding every framework, so it is left out.
    shallow_file = _git(root, "rev-parse", "--git-path", "shallow").stdout.decode().strip()
    shallow_path = Path(shallow_file) if Path(shallow_file).is_absolute() else root / shallow_file
    cut = set(shallow_path.read_text().split()) if shallow_file and shallow_path.is_file() else set()
    commits = []
    for line in result.stdout.decode().splitlines():
        sha, parents, date = line.split("\t")
        if sha in cut:
            continue
        commits.append(DataCommit(sha, parents.split(" ")[0] if parents else "",
                                  dt.datetime.fromisoformat(date).astimezone(dt.timezone.utc)))
    return commits


def _data_trees(root: Path, revs: list[str]) -> dict[str, str]:
    """rev -> sha of its data/ tree ("" where it has none), in one git call."""
    revs = sorted(set(revs))
    out = _git(root, "cat-file", "--batch-check", stdin="".join(f"{r}:data\n" for r in revs).encode())
    trees = {}
    for rev, line in zip(revs, out.stdout.decode().splitlines()):
        parts = line.split(" ")
        trees[rev] = parts[0] if len(parts) == 3 and parts[1] == "tree" else ""
    return trees


def _blobs(root: Path, shas: list[str]) -> dict[str, bytes]:
    """The content of many blobs in one `git cat-file --batch`."""
    if not shas:
        return {}
    raw = _git(root, "cat-file", "--batch", stdin="".join(s + "\n" for s in shas).encode()).stdout
    found, pos = {}, 0
    for sha in shas:
        end = raw.find(b"\n", pos)
        if end < 0:  # git stopped early: the rest count as missing
            break
        header = raw[pos:end].split(b" ")
        pos = end + 1
        if len(header) != 3:  # "<sha> missing"
            continue
        size = int(header[2])
        found[sha] = raw[pos:pos + size]
        pos += size + 1
    return found


def _tree_files(root: Path, tree: str) -> list[tuple[str, str, str, int]]:
    """(kind, entity id, blob sha, size) of the framework, tool and claim files in a data tree."""
    out = _git(root, "ls-tree", "-r", "-l", "-z", tree).stdout.decode()
    files = []
    for item in filter(None, out.split("\0")):
        meta, path = item.split("\t", 1)
        _, otype, sha, size = meta.split()  # the size is padded with spaces
        folder, _, name = path.partition("/")
        if otype == "blob" and folder in _KIND_OF_FOLDER and "/" not in name and name.endswith(".yaml"):
            files.append((_KIND_OF_FOLDER[folder], name.removesuffix(".yaml"), sha, int(size)))
    return files


def _parse(kind: str, entity_id: str, content: bytes, tmp: Path):
    path = tmp / f"{entity_id}.yaml"
    path.write_bytes(content)
    doc, problems = read_yaml(path, f"data/{FOLDERS[kind]}/{entity_id}.yaml")
    if problems:
        return None
    obj, problems = validate(doc, KINDS[kind])
    return obj if obj is not None and getattr(obj, "id", None) == entity_id else None


def _load_trees(root: Path, trees: list[str]) -> None:
    """Fill _TREES for every given data tree, parsing each unseen blob once."""
    todo = [t for t in dict.fromkeys(trees) if t and t not in _TREES]
    if not todo:
        return
    listings = {t: _tree_files(root, t) for t in todo}
    # A blob larger than read_yaml accepts would not load anyway; skipping it here keeps one
    # huge file committed to data/ from being read into memory on every build.
    for files in listings.values():
        for _, _, sha, size in files:
            if size > MAX_BYTES:
                _ENTITIES[sha] = None
    wanted = list(dict.fromkeys(sha for files in listings.values() for _, _, sha, _ in files if sha not in _ENTITIES))
    contents = _blobs(root, wanted)
    kinds = {sha: (kind, entity_id) for files in listings.values() for kind, entity_id, sha, _ in files}
    with tempfile.TemporaryDirectory() as tmp:
        for sha in wanted:
            kind, entity_id = kinds[sha]
            _ENTITIES[sha] = _parse(kind, entity_id, contents[sha], Path(tmp)) if sha in contents else None
    for tree, files in listings.items():
        kb = KnowledgeBase(root=root, today=dt.date(1970, 1, 1))  # `today` plays no part in a diff
        for kind, entity_id, sha, _ in files:
            obj = _ENTITIES.get(sha)
            if obj is not None:
                getattr(kb, FOLDERS[kind])[entity_id] = obj
        _TREES[tree] = kb


def _empty_kb(root: Path) -> KnowledgeBase:
    return KnowledgeBase(root=root, today=dt.date(1970, 1, 1))


@dataclass(frozen=True)
class Change:
    """What one commit did to one framework."""

    commit: DataCommit
    framework_id: str
    name: str
    entry: dict  # one framework of datadiff.diff()


def changes(root: Path, limit: int = MAX_COMMITS) -> tuple[list[DataCommit], list[Change]]:
    """The data commits, newest first, and each one's changes per framework."""
    commits = data_commits(root, limit)
    trees = _data_trees(root, [c.sha for c in commits] + [c.parent for c in commits if c.parent])
    _load_trees(root, list(trees.values()))
    out = []
    for c in commits:
        old, new = trees.get(c.parent, "") if c.parent else "", trees.get(c.sha, "")
        key = (old, new)
        if key not in _DIFFS:
            _DIFFS[key] = diff(_TREES[old] if old else _empty_kb(root), _TREES[new] if new else _empty_kb(root))
        for fw_id, entry in _DIFFS[key]["frameworks"].items():
            out.append(Change(c, fw_id, entry["name"], entry))
    return commits, out


# -- writing the feeds ---------------------------------------------------------------
def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def entry_title(name: str, e: dict) -> str:
    """ "PyTorch: 3 facts changed, release 2.15 added" """
    if e["status"] == "added":
        return f"{name}: added ({_plural(len(e['facts']), 'fact')}, {_plural(len(e['releases']), 'release')})"
    if e["status"] == "removed":
        return f"{name}: removed"
    parts = []
    for change in ("added", "changed", "removed"):
        n = sum(f["change"].split(" ")[0] == change for f in e["facts"])
        if n:
            parts.append(f"{_plural(n, 'fact')} {change}")
    for change in ("added", "removed"):
        versions = [r["version"] for r in e["releases"] if r["change"] == change]
        if 0 < len(versions) <= 3:
            parts.append(("release " if len(versions) == 1 else "releases ") + ", ".join(versions) + f" {change}")
        elif versions:
            parts.append(f"{len(versions)} releases {change}")
    return f"{name}: " + ", ".join(parts)


def entry_html(e: dict, page_url: str) -> str:
    """A short HTML list of the changes (escaped; the feed escapes it once more as type="html")."""
    esc = html.escape
    items = []
    for f in e["facts"]:
        detail = {"added": esc(f["after"]), "removed": esc(f["before"])}.get(
            f["change"], f"{esc(f['before'])} → {esc(f['after'])}")
        items.append(f"<li>fact <code>{esc(f['dimension'])}</code> {esc(f['change'])}: {detail}</li>")
    for r in e["releases"]:
        items.append(f"<li>release {esc(r['version'])} ({esc(r['date'])}) {esc(r['change'])}</li>")
    more = len(items) - MAX_ITEMS
    items = items[:MAX_ITEMS] + ([f"<li>and {more} more</li>"] if more > 0 else [])
    body = f"<ul>{''.join(items)}</ul>" if items else ""
    return body + (f'<p><a href="{esc(page_url)}">{esc(e["name"])} on the Framework Atlas</a></p>' if page_url else "")


def _site(site_url: str) -> tuple[str, str, str]:
    """(base URL ending in /, tag authority, path part for tag ids)."""
    base = (site_url or "http://localhost/").rstrip("/") + "/"
    parts = urlsplit(base)
    return base, parts.hostname or "localhost", parts.path.strip("/")


def _tag(site_url: str, when: dt.datetime, specific: str) -> str:
    """A tag URI (RFC 4151), e.g. tag:host,2026-11-22:base/changes/<sha>/<framework>.
    It depends only on the site and the commit, so a rebuild keeps every entry's id."""
    _, authority, path = _site(site_url)
    return f"tag:{authority},{when.date().isoformat()}:" + "/".join(p for p in (path, specific) if p)


def _feed(site_url: str, framework_id: str | None, title: str, page: str, items: list[Change],
          updated: dt.datetime) -> bytes:
    from feedgen.feed import FeedGenerator

    base, _, _ = _site(site_url)
    fg = FeedGenerator()
    fg.id(base + feed_path(framework_id))
    fg.title(title)
    fg.subtitle("Facts added or changed and releases added, from the history of the data.")
    fg.author({"name": SITE_TITLE})
    fg.link(href=base + feed_path(framework_id), rel="self", type=FEED_TYPE)
    fg.link(href=base + urls.page_url(page), rel="alternate", type="text/html")
    fg.generator("fwatlas")  # no version: a dependency upgrade must not change the bytes
    fg.language("en")
    fg.updated(max([c.commit.date for c in items], default=updated))
    for c in items:
        page_url = base + urls.page_url(urls.framework_page(c.framework_id)) if c.entry["status"] != "removed" else ""
        fe = fg.add_entry(order="append")
        fe.id(_tag(site_url, c.commit.date, f"changes/{c.commit.sha}/{c.framework_id}"))
        fe.title(entry_title(c.name, c.entry))
        fe.updated(c.commit.date)
        fe.link(href=page_url or base, rel="alternate", type="text/html")
        fe.content(entry_html(c.entry, page_url), type="html")
    return fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def build_feeds(root: Path, site_url: str) -> dict[str, bytes]:
    """Site path -> Atom bytes: `feeds/atom.xml` and `feeds/<framework>.xml` for every
    framework file in data/frameworks (its entries among the newest data commits)."""
    root = Path(root)
    commits, found = changes(root)
    newest = commits[0].date if commits else EPOCH
    head = _data_trees(root, ["HEAD"]).get("HEAD", "") if commits else ""
    _load_trees(root, [head])
    names = {fw_id: fw.name for fw_id, fw in (_TREES[head].frameworks.items() if head else [])}
    ids = set(names) | {p.stem for p in (root / "data" / "frameworks").glob("*.yaml")}
    out = {SITE_FEED: _feed(site_url, None, f"{SITE_TITLE}: data changes", urls.HOME, found, newest)}
    for fw_id in sorted(ids):
        name = names.get(fw_id) or next((c.name for c in found if c.framework_id == fw_id), fw_id)
        mine = [c for c in found if c.framework_id == fw_id]
        out[feed_path(fw_id)] = _feed(site_url, fw_id, f"{SITE_TITLE}: {name} data changes",
                                      urls.framework_page(fw_id), mine, newest)
    return out


def write_feeds(root: Path, site_dir: Path, site_url: str) -> list[Path]:
    """Write build_feeds() into a built site (or a docs folder)."""
    written = []
    for rel, data in build_feeds(root, site_url).items():
        path = Path(site_dir) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written
