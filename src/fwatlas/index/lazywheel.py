"""A wheel's METADATA read with HTTP range requests, without downloading the wheel (as pip's lazy wheel).

For an index that does not serve PEP 658 core metadata. A wheel is a zip file, whose central
directory (the list of members) sits at its end:

1. ask for the last TAIL bytes (an absolute range when the index gave the file's `size`, PEP 700;
   a suffix range otherwise), find the end-of-central-directory record, and from it the central
   directory, asking for the rest of it when the tail does not hold it all;
2. find the one `<name>.dist-info/METADATA` member there, ask for its bytes (unless the tail holds
   them already) and inflate them.

Nothing a server sends is trusted: every offset and size is checked against the file before it is
used, each answer and each member is capped in bytes (the METADATA is inflated with a cap, so a zip
bomb stops there, and checked against its CRC), and each request in time. A server that ignores
Range (200 with the whole wheel) is cut off at the tail cap: a small wheel that fits is read
whole, a large one gives "unknown". A failure says whether it may pass (a timeout, a 5xx: try
again next sync) or not (the file cannot be read this way: record "unknown").

The central directory also lists the wheel's file names, which show a CUDA runtime bundled in the
wheel (torch 1.x put libcudart.so.10.2 inside its default wheel instead of depending on CUDA
packages): `bundled_cuda` reads it.
"""
from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass, field
from typing import Any

from .client import IndexClient, RangeFailed, printable

TAIL = 256 * 1024  # the first request: holds the whole central directory of most wheels, and often METADATA
MAX_CENTRAL_DIRECTORY = 16 * 1024 * 1024  # torch's, the largest seen, is under 3 MB
MAX_MEMBER = 4 * 1024 * 1024  # METADATA, compressed and inflated; real ones are under 200 KB
MAX_ENTRIES = 500_000
MAX_FILE = 1 << 40  # a wheel said to be larger than 1 TB is not a wheel
SECONDS = 20.0  # per request; at most four requests per wheel

_EOCD, _EOCD64_LOCATOR, _EOCD64 = b"PK\x05\x06", b"PK\x06\x07", b"PK\x06\x06"
_CENTRAL, _LOCAL = b"PK\x01\x02", b"PK\x03\x04"
_METADATA = re.compile(r"^[^/]+\.dist-info/METADATA$")
_CUDART = re.compile(r"(?:^|/)(?:lib)?cudart(?:-[0-9a-f]{6,16})?\.so\.(\d{1,3})(?:\.\d{1,4}){0,3}$")


class ZipError(Exception):
    """The bytes are not the zip file they claim to be (or are beyond the caps)."""


@dataclass
class Member:
    name: str
    method: int
    flags: int
    crc: int
    compressed: int
    size: int
    offset: int


@dataclass
class Directory:
    offset: int  # where the central directory starts: every member lies before it
    size: int
    entries: int


@dataclass
class WheelRead:
    """What reading a wheel gave: its METADATA text and its file names, or why not."""

    metadata: str | None = None
    names: list[str] = field(default_factory=list)
    failure: str | None = None  # why there is no metadata
    transient: bool = False  # the failure may pass: leave the value out and try again next sync


# -- zip structures (pure functions over bytes) ---------------------------------

def end_of_directory(tail: bytes, tail_start: int, total: int) -> tuple[Directory, int]:
    """The central directory that the end record in `tail` (the file's bytes from `tail_start` to its
    end) describes, and where that end record starts. Checks that the directory lies inside the file,
    before its end records."""
    if tail_start + len(tail) != total:
        raise ZipError("the bytes read are not the end of the file")
    search_from = max(0, len(tail) - 22 - 0xFFFF)  # the record, then a comment of at most 64 KB
    end = len(tail)
    while True:
        at = tail.rfind(_EOCD, search_from, end)
        if at < 0:
            raise ZipError("no end-of-central-directory record: not a zip file")
        if len(tail) - at >= 22:
            (_, disk, cd_disk, _, entries, cd_size, cd_offset, comment) = struct.unpack_from("<4s4H2LH", tail, at)
            if at + 22 + comment == len(tail):
                break
        end = at
    if disk != 0 or cd_disk != 0:
        raise ZipError("a zip file split over several disks")
    end_at = tail_start + at
    if 0xFFFF in (entries,) or 0xFFFFFFFF in (cd_size, cd_offset):  # ZIP64: the real values are in its own record
        loc = at - 20
        if loc < 0 or tail[loc:loc + 4] != _EOCD64_LOCATOR:
            raise ZipError("a ZIP64 archive without its locator")
        (_, _, record, _) = struct.unpack_from("<4sLQL", tail, loc)
        rel = record - tail_start
        if not 0 <= rel <= loc - 56 or tail[rel:rel + 4] != _EOCD64:
            raise ZipError("the ZIP64 end record lies outside the bytes read")
        (_, _, _, _, _, _, _, entries, cd_size, cd_offset) = struct.unpack_from("<4sQ2H2L4Q", tail, rel)
        end_at = record
    if entries == 0:
        raise ZipError("a zip file without members")
    if cd_size > MAX_CENTRAL_DIRECTORY:
        raise ZipError(f"a central directory of {cd_size} bytes (more than {MAX_CENTRAL_DIRECTORY})")
    if entries > MAX_ENTRIES or entries * 46 > cd_size:
        raise ZipError(f"{entries} entries cannot fit a central directory of {cd_size} bytes")
    if cd_offset + cd_size > end_at:
        raise ZipError("the central directory points outside the file")
    return Directory(cd_offset, cd_size, entries), end_at


def members(directory: bytes, expected: Directory) -> list[Member]:
    """The entries of a central directory, each checked to lie before it."""
    out, pos = [], 0
    for _ in range(expected.entries):
        if directory[pos:pos + 4] != _CENTRAL or pos + 46 > len(directory):
            raise ZipError("a broken central directory entry")
        (_, _, _, flags, method, _, _, crc, compressed, size, name_len, extra_len, comment_len, _, _, _,
         offset) = struct.unpack_from("<4s6H3L5H2L", directory, pos)
        start = pos + 46
        stop = start + name_len + extra_len + comment_len
        if stop > len(directory):
            raise ZipError("a central directory entry runs past the directory")
        name = directory[start:start + name_len].decode("utf-8" if flags & 0x800 else "cp437", errors="replace")
        extra = directory[start + name_len:start + name_len + extra_len]
        if 0xFFFFFFFF in (compressed, size, offset):  # ZIP64 extra field: the 64-bit values, in this order
            size, compressed, offset = _zip64(extra, size, compressed, offset)
        if offset + 30 + name_len + compressed > expected.offset:
            raise ZipError(f"the member {printable(name, 80)} points outside the file")
        out.append(Member(name, method, flags, crc, compressed, size, offset))
        pos = stop
    return out


def _zip64(extra: bytes, size: int, compressed: int, offset: int) -> tuple[int, int, int]:
    pos = 0
    while pos + 4 <= len(extra):
        kind, length = struct.unpack_from("<2H", extra, pos)
        body = extra[pos + 4:pos + 4 + length]
        if kind == 0x0001:
            values = [v for (v,) in struct.iter_unpack("<Q", body[:len(body) // 8 * 8])]
            fields = [size, compressed, offset]
            for i, value in enumerate(fields):
                if value == 0xFFFFFFFF:
                    if not values:
                        raise ZipError("a ZIP64 extra field without the value it promises")
                    fields[i] = values.pop(0)
            return fields[0], fields[1], fields[2]
        pos += 4 + length
    raise ZipError("a ZIP64 entry without its extra field")


def metadata_member(entries: list[Member]) -> Member:
    found = [m for m in entries if _METADATA.match(m.name)]
    if len(found) != 1:
        raise ZipError("no .dist-info/METADATA member" if not found else "more than one .dist-info/METADATA")
    member = found[0]
    if member.flags & 0x1:
        raise ZipError("METADATA is encrypted")
    if member.method not in (0, 8):
        raise ZipError(f"METADATA is compressed with method {member.method} (only stored and deflate are read)")
    if member.compressed > MAX_MEMBER or member.size > MAX_MEMBER:
        raise ZipError(f"METADATA is larger than {MAX_MEMBER} bytes")
    return member


def member_data(local: bytes, member: Member) -> tuple[int, int]:
    """Where the member's data starts and ends in the file, from its local header (`local` holds at
    least its first 30 bytes, read at member.offset)."""
    if len(local) < 30 or local[:4] != _LOCAL:
        raise ZipError("no local file header where the central directory points")
    name_len, extra_len = struct.unpack_from("<2H", local, 26)
    start = member.offset + 30 + name_len + extra_len
    return start, start + member.compressed


def inflate(data: bytes, member: Member) -> bytes:
    """The member's bytes, inflated with a cap (a zip bomb stops at MAX_MEMBER) and checked against
    the size and CRC the central directory gives."""
    if member.method == 0:
        out = data
    else:
        try:
            inflater = zlib.decompressobj(-15)
            out = inflater.decompress(data, MAX_MEMBER + 1)
        except zlib.error as exc:
            raise ZipError(f"METADATA does not inflate: {printable(exc, 80)}") from None
        if len(out) > MAX_MEMBER or inflater.unconsumed_tail:
            raise ZipError(f"METADATA inflates to more than {MAX_MEMBER} bytes")
    if len(out) != member.size or zlib.crc32(out) != member.crc:
        raise ZipError("METADATA does not match the size and CRC the zip file gives")
    return out


def bundled_cuda(names: list[str]) -> int | None:
    """The major version of a CUDA runtime library the wheel carries (libcudart.so.10.2 -> 10)."""
    majors = [int(m[1]) for n in names for m in [_CUDART.search(n)] if m]
    return max(majors) if majors else None


# -- reading one wheel over HTTP ----------------------------------------------------

class _Bytes:
    """The parts of the file read so far, by offset."""

    def __init__(self) -> None:
        self.parts: list[tuple[int, bytes]] = []

    def add(self, start: int, body: bytes) -> None:
        self.parts.append((start, body))

    def get(self, start: int, stop: int) -> bytes | None:
        for at, body in self.parts:
            if at <= start and stop <= at + len(body):
                return body[start - at:stop - at]
        return None


def read(client: IndexClient, file: dict[str, Any]) -> WheelRead:
    """The METADATA of the wheel `file` (a PEP 691 file entry) and its file names."""
    try:
        return _read(client, file)
    except ZipError as exc:
        return WheelRead(failure=str(exc))
    except RangeFailed as exc:
        return WheelRead(failure=exc.reason, transient=exc.transient)


def _read(client: IndexClient, file: dict[str, Any]) -> WheelRead:
    url = file["url"].split("#", 1)[0]
    size = file.get("size")
    size = size if isinstance(size, int) and not isinstance(size, bool) and 0 < size <= MAX_FILE else None
    seen = _Bytes()

    def fetch(first: int, last: int | None, cap: int):
        answer = client.range_get(url, first, last, max_bytes=cap, seconds=SECONDS)
        if size is not None and answer.total != size:
            raise ZipError(f"the file has {answer.total} bytes, not the {size} the index gives")
        seen.add(answer.start, answer.body)
        return answer

    if size is not None:
        first = max(0, size - TAIL)
        tail = fetch(first, size - 1, TAIL)
    else:
        tail = fetch(TAIL, None, TAIL)
    total = tail.total
    directory, _ = end_of_directory(tail.body, tail.start, total)
    cd_bytes = seen.get(directory.offset, directory.offset + directory.size)
    if cd_bytes is None:  # a central directory longer than the tail: ask for all of it
        fetch(directory.offset, directory.offset + directory.size - 1, MAX_CENTRAL_DIRECTORY)
        cd_bytes = seen.get(directory.offset, directory.offset + directory.size)
        if cd_bytes is None:
            raise ZipError("the central directory could not be read")
    entries = members(cd_bytes, directory)
    names = [m.name for m in entries]
    member = metadata_member(entries)
    # the local header: 30 bytes, then the name and an extra field whose length only it gives
    guess_stop = min(member.offset + 30 + len(member.name.encode()) + 256 + member.compressed, directory.offset)
    local = seen.get(member.offset, member.offset + 30)
    if local is None:
        fetch(member.offset, guess_stop - 1, MAX_MEMBER + 64 * 1024 + 30)
        local = seen.get(member.offset, member.offset + 30)
    start, stop = member_data(local or b"", member)
    if stop > directory.offset:
        raise ZipError("METADATA's data runs into the central directory")
    data = seen.get(start, stop)
    if data is None:
        fetch(start, stop - 1, MAX_MEMBER)
        data = seen.get(start, stop)
    if data is None:
        raise ZipError("METADATA's bytes could not be read")
    text = inflate(data, member).decode("utf-8", errors="replace")
    return WheelRead(metadata=text, names=names)
