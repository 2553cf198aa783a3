"""Read the package index: the JSON Simple API (PEP 691, with PEP 700 fields) and core metadata (PEP 658/714).

Every failure becomes one SyncError naming the URL and what went wrong, so
sync can stop before writing anything and say why.
"""
from __future__ import annotations

import json
import ssl
from dataclasses import dataclass, field
from typing import Any

import httpx
from packaging.utils import canonicalize_name

JSON_ACCEPT = "application/vnd.pypi.simple.v1+json"
TIMEOUT = httpx.Timeout(30.0, connect=10.0)
MAX_PAGE_BYTES = 50_000_000  # a real project page is under 1 MB; bigger is a wrong URL or a broken mirror


class SyncError(Exception):
    """The index could not be read; the message says which URL and what failed."""


@dataclass
class Page:
    """One project's page: its URL after redirects and its files (PEP 691 dicts)."""

    name: str
    url: str
    files: list[dict[str, Any]]
    meta: dict[str, Any] = field(default_factory=dict)


class IndexClient:
    def __init__(self, index_url: str, verify: bool | str = True, client: httpx.Client | None = None):
        self.index_url = index_url if index_url.endswith("/") else index_url + "/"
        self.requests = 0
        if isinstance(verify, str):  # pip's `cert`: a CA bundle file
            verify = ssl.create_default_context(cafile=verify)  # type: ignore[assignment]
        self._client = client or httpx.Client(timeout=TIMEOUT, follow_redirects=True, verify=verify,
                                              headers={"User-Agent": "fwatlas-sync"})

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "IndexClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def project_url(self, name: str) -> str:
        # PEP 503: the page of a project lives at its normalized name, with a trailing slash
        return f"{self.index_url}{canonicalize_name(name)}/"

    def _get(self, url: str, what: str, accept: str) -> httpx.Response:
        self.requests += 1
        try:
            response = self._client.get(url, headers={"Accept": accept})
        except httpx.HTTPError as exc:
            raise SyncError(f"{what}: cannot reach {url}: {type(exc).__name__}: {exc}") from None
        if response.status_code != 200:
            raise SyncError(f"{what}: {url} answered HTTP {response.status_code} {response.reason_phrase}")
        return response

    def project(self, name: str) -> Page:
        url = self.project_url(name)
        # q=0.1 for HTML lets an old index answer, so the error below can name the real problem
        response = self._get(url, f"the index page of {name}", f"{JSON_ACCEPT}, text/html;q=0.1")
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        if kind != JSON_ACCEPT:
            raise SyncError(f"the index page of {name}: {url} answered {kind or 'no content type'}, not the "
                            f"JSON Simple API (PEP 691); use an index or mirror that serves {JSON_ACCEPT}")
        if len(response.content) > MAX_PAGE_BYTES:
            raise SyncError(f"the index page of {name}: {url} is {len(response.content)} bytes, too large")
        try:
            data = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise SyncError(f"the index page of {name}: {url} is not valid JSON: {exc}") from None
        files = data.get("files") if isinstance(data, dict) else None
        if not isinstance(files, list) or not all(isinstance(f, dict) and "filename" in f and "url" in f
                                                  for f in files):
            raise SyncError(f"the index page of {name}: {url} has no valid `files` list (PEP 691)")
        final_url = str(response.url)
        # file URLs may be relative to the page (PEP 691); make them absolute once, here
        for f in files:
            f["url"] = str(httpx.URL(final_url).join(f["url"]))
        return Page(name=canonicalize_name(name), url=final_url, files=files, meta=data.get("meta") or {})

    def metadata(self, file: dict[str, Any]) -> str | None:
        """The core metadata of one file, or None when the index does not offer it (PEP 658/714)."""
        offered = file.get("core-metadata", file.get("data-dist-info-metadata", False))
        if not offered:
            return None  # clients must not guess the URL when the index does not advertise it
        url = file["url"].split("#", 1)[0] + ".metadata"
        response = self._get(url, f"the metadata of {file['filename']}", "*/*")
        return response.content.decode("utf-8", errors="replace")
