"""Where the site and its source live: turns data positions into public links."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from . import urls


@dataclass(frozen=True)
class SiteContext:
    repo_url: str = ""   # https://github.com/owner/repo (GitHub-style URLs assumed)
    branch: str = "main"
    site_url: str = ""   # https://host/base/

    def blob(self, path: str, line: int | None = None) -> str:
        """The data file on the repository host, at the line where the host allows."""
        if not self.repo_url or not path:
            return ""
        anchor = f"#L{line}" if line else ""
        return f"{self.repo_url.rstrip('/')}/blob/{quote(self.branch)}/{quote(path)}{anchor}"

    def page(self, src: str, anchor: str = "") -> str:
        base = self.site_url or "/"
        return base.rstrip("/") + "/" + urls.page_url(src) + (f"#{anchor}" if anchor else "")

    def new_issue(self, title: str, body: str) -> str:
        if not self.repo_url:
            return ""
        return f"{self.repo_url.rstrip('/')}/issues/new?" + urlencode({"title": title, "body": body})
