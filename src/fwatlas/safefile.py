"""Read a file the user's folder holds only when it is a regular file.

Every file under data/ is read by a check. Opening a FIFO (named pipe) for reading waits
until something writes to it, so a stray `mkfifo data/tools/x.yaml` would hang `fwatlas
check` for ever; a device could stream without end. The file is opened without blocking
and read only if it is a regular file; anything else is an OSError whose message says so.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

NOT_REGULAR = "it is not a regular file (a named pipe, socket or device)"


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The file's bytes (at most limit + 1 of them, so a caller can tell "too large")."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with open(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise OSError(errno.EINVAL, NOT_REGULAR, str(path))
        return f.read() if limit is None else f.read(limit + 1)
