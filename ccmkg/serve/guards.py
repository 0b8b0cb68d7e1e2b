"""What a request must be before it is routed: one unambiguous body length, a Host naming this
server (DNS rebinding), and for a POST, a page of this server's origin (or the --cors one)."""
from __future__ import annotations

import urllib.parse

from .engine import text_reply
from .results import Reply


class Guards:
    """Mixed into the request handler: needs its `headers`, `command` and `site`."""

    def refusal(self) -> Reply | None:
        """Why a request is refused before it is routed, or None."""
        lengths = set(self.headers.get_all("Content-Length") or [])
        if self.headers.get("Transfer-Encoding") or len(lengths) > 1:
            # two ways to read where the body ends: a proxy in front may read it the other way
            self.close_connection = True
            return text_reply(400, "Bad Request: give one Content-Length and no Transfer-Encoding")
        if lengths != {"0"} and lengths and self.command != "POST":
            self.close_connection = True  # a body no route reads must not be taken for a request
        host = self.host_name()
        if host not in self.site.host_names:
            self.close_connection = True
            # DNS rebinding: a page of another site, its name now pointing here, names itself
            return text_reply(421, f"Misdirected Request: this server does not answer for host {host[:100]!r} "
                                   "(see ccmkg serve --allowed-host)")
        return None

    def host_name(self) -> str:
        """The Host header's name, without the port."""
        host = (self.headers.get("Host") or "").strip().lower()
        if host.startswith("["):
            return host[:host.find("]") + 1]
        return host.rsplit(":", 1)[0]

    def cross_origin(self) -> bool:
        """A browser's POST from a page this server did not serve (and --cors does not allow)."""
        origin = self.headers.get("Origin")
        if origin is None or self.site.settings.cors in ("*", origin):
            return False
        try:
            parts = urllib.parse.urlsplit(origin.lower())
            parts.hostname  # raises for a malformed address
        except ValueError:
            return True
        if parts.scheme not in ("http", "https"):
            return True  # e.g. "null", from a sandboxed frame or a file
        # its own pages: the Host it was asked under, or a public name behind a proxy that rewrites Host
        host = (self.headers.get("Host") or "").strip().lower()
        return parts.netloc != host and parts.hostname not in self.site.settings.allowed_hosts
