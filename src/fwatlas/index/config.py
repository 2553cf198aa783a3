"""The index URL the way pip finds it, so sync reads the same index (or mirror) pip installs from.

Read with configparser, not by importing pip: pip's internals are not an API,
and importing them costs more than reading a few small INI files.
"""
from __future__ import annotations

import configparser
import os
import sys
from pathlib import Path

DEFAULT_INDEX = "https://pypi.org/simple/"


def config_files() -> list[Path]:
    """pip's configuration files, lowest priority first (each later file overrides the earlier).

    pip loads global, then user, then site, then the file named by PIP_CONFIG_FILE;
    when that file exists pip skips the user files.
    """
    xdg_dirs = os.environ.get("XDG_CONFIG_DIRS") or "/etc/xdg"
    files = [Path(d) / "pip" / "pip.conf" for d in xdg_dirs.split(os.pathsep) if d]
    files.append(Path("/etc/pip.conf"))
    env_file = os.environ.get("PIP_CONFIG_FILE")
    if not (env_file and Path(env_file).exists()):
        xdg_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
        files += [Path.home() / ".pip" / "pip.conf",  # legacy, overridden by the XDG one
                  Path(xdg_home) / "pip" / "pip.conf"]
    venv = os.environ.get("VIRTUAL_ENV")
    files.append(Path(venv if venv else sys.prefix) / "pip.conf")
    if env_file:
        files.append(Path(env_file))
    return files


def _setting(name: str) -> str | None:
    """A pip setting: PIP_<NAME> beats [install] in any file, which beats [global] in any file
    (pip pools each section across files before applying the sections in that order)."""
    env = os.environ.get("PIP_" + name.upper().replace("-", "_"))
    if env:
        return env
    found: dict[str, str] = {}
    for path in config_files():
        parser = configparser.RawConfigParser()
        try:
            parser.read(path, encoding="utf-8")
        except (configparser.Error, OSError, UnicodeDecodeError):
            continue  # pip would stop on a broken file; sync then falls back to the next one
        for section in ("global", "install"):
            if not parser.has_section(section):
                continue
            for key, value in parser.items(section):
                # pip accepts index_url and --index-url too
                if key.lower().replace("_", "-").removeprefix("--") == name and value.strip():
                    found[section] = value.strip()
    return found.get("install") or found.get("global")


def index_url() -> str:
    """The simple-index base URL, always ending in a slash."""
    url = _setting("index-url") or DEFAULT_INDEX
    return url if url.endswith("/") else url + "/"


def ca_bundle() -> str | None:
    """pip's `cert` setting (a CA bundle for a mirror behind a private CA), if any."""
    return _setting("cert")
