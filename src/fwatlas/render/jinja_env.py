"""The Jinja environment every page renderer uses: the templates, autoescaping, the
filters that make data text safe, and a compiled-template cache that never breaks a build.
Its own module, so the page modules (pages, freshness, snippets) share it without
importing each other."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined

from .safe import attr_id, code_breaks, md_text, safe_url, soft_breaks
from .searchtext import search_lines


class _BytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache, where a cache file that cannot be read or written only means
    compiling the template again (Jinja raises on a failed write)."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # unreadable or truncated (pickle raises many kinds): compile instead
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _private_dir(folder: Path) -> bool:
    """Make `folder` (or find it) as a folder only this user can write: the cache holds code
    that runs when a page renders, so it gets the same checks as Jinja's default folder."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        st = os.lstat(folder)
        if stat.S_ISDIR(st.st_mode) and stat.S_IMODE(st.st_mode) & 0o077:
            os.chmod(folder, 0o700)
            st = os.lstat(folder)
    except OSError:
        return False
    return (stat.S_ISDIR(st.st_mode) and not stat.S_IMODE(st.st_mode) & 0o077
            and st.st_uid == getattr(os, "getuid", lambda: st.st_uid)() and os.access(folder, os.W_OK | os.X_OK))


def bytecode_cache(root: Path | None = None) -> FileSystemBytecodeCache | None:
    """Where compiled templates are kept (keyed by the template's checksum, so an edit
    recompiles): compiling them took a third of rendering. Jinja's default folder
    (`$TMPDIR/_jinja2-cache-<uid>`) first, so rendering writes nothing into the project;
    Jinja refuses it when it is not a private folder (a file sits there, another user owns
    it), and then the project's .cache/fwatlas/jinja; None when neither is usable:
    rendering must not depend on a cache."""
    try:
        return _BytecodeCache()
    except (OSError, RuntimeError):  # RuntimeError: "Cannot determine safe temp directory"
        pass
    folder = Path(root) / ".cache" / "fwatlas" / "jinja" if root is not None else None
    return _BytecodeCache(str(folder)) if folder is not None and _private_dir(folder) else None


def environment(root: Path | None = None) -> Environment:
    env = Environment(loader=PackageLoader("fwatlas", "templates"), autoescape=True,
                      bytecode_cache=bytecode_cache(root),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True,
                      # Markdown's attr_list uses {#id}; keep it free for that.
                      comment_start_string="{##", comment_end_string="##}")
    env.filters.update(md=md_text, safe_url=safe_url, attr_id=attr_id, soft=soft_breaks, code=code_breaks)
    env.filters.update(search_lines=search_lines)  # text for the site search only (searchtext.py)
    return env
