"""HTTP/1.1 framing for `ccmkg serve`: a request's head read strictly, a reply written in one piece.

http.server reads headers with the e-mail parser (about 30 µs a request, a fifth of the server's
time per request), which also accepts what RFC 9112 says a server must refuse: folded lines,
whitespace before the colon, lines without one. `read_request_line` and `read_fields` read the
request's head by the RFC's grammar and refuse anything else with 400, so no two readers of one
request (a proxy in front, this server) can disagree on where a field or the request ends.

A reply's status line and headers depend only on its status, type, length and own headers and on
the server's settings, so each is made once (the cached pages are sent thousands of times, and a
query's answers repeat too) and only the Date line is added per request (made once per second).
"""
from __future__ import annotations

import email.utils
import functools
import re
import time
from http import HTTPStatus
from http.client import HTTPMessage

from .engine import text_reply
from .results import Reply

MAX_LINE = 65536  # as http.client: a longer header line gets 431
MAX_FIELDS = 100  # as http.client: more header fields get 431
TOKEN = rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
REQUEST_LINE = re.compile(rb"(" + TOKEN + rb") ([!-~\x80-\xff]+) HTTP/(\d{1,9})\.(\d{1,9})\r?\n")  # no controls
# name ":" OWS value OWS: no whitespace before the colon, no control characters but tab
FIELD = re.compile(rb"(" + TOKEN + rb"):[ \t]*((?:[^\x00-\x1f\x7f]|\t)*?)[ \t]*\r?\n")
# the pages' own script and style only: a value that slipped into a page could not run script
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class BadRequest(Exception):
    """A request head this server refuses: the status to answer with and why."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def read_request_line(raw: bytes) -> tuple[str, str, tuple[int, int]]:
    """(method, target, version) of a request line `METHOD SP target SP HTTP/x.y`."""
    found = REQUEST_LINE.fullmatch(raw)
    if not found:
        raise BadRequest(HTTPStatus.BAD_REQUEST, "malformed request line (METHOD target HTTP/1.1)")
    version = (int(found[3]), int(found[4]))
    if version >= (2, 0) or version < (1, 0):
        raise BadRequest(HTTPStatus.HTTP_VERSION_NOT_SUPPORTED, "this server speaks HTTP 1.0 and 1.1")
    return found[1].decode("ascii"), found[2].decode("iso-8859-1"), version


def read_fields(rfile) -> HTTPMessage:
    """The header fields up to the blank line, as the same message object http.server makes."""
    fields = HTTPMessage()
    for _ in range(MAX_FIELDS + 1):
        line = rfile.readline(MAX_LINE + 1)
        if len(line) > MAX_LINE:
            raise BadRequest(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                             f"a header line is longer than {MAX_LINE} bytes")
        if line in (b"\r\n", b"\n"):
            return fields
        found = FIELD.fullmatch(line)
        if not found:  # also a folded line, a line without a colon, or the connection ending
            raise BadRequest(HTTPStatus.BAD_REQUEST, "malformed header field (folded, without a colon, "
                                                     "space before it, or a control character)")
        fields[found[1].decode("ascii")] = found[2].decode("iso-8859-1")
    raise BadRequest(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, f"more than {MAX_FIELDS} header fields")


_date = (0, b"")  # (second, its Date line)


def date_line() -> bytes:
    """The Date header line, made once per second."""
    global _date
    now = int(time.time())
    if _date[0] != now:
        _date = (now, f"Date: {email.utils.formatdate(now, usegmt=True)}\r\n".encode("ascii"))
    return _date[1]


def head(reply: Reply, cors: str | None) -> bytes:
    """The status line and headers of a reply, but the Date; ends before the blank line."""
    return head_of(reply.status, reply.content_type, len(reply.body), tuple(reply.headers.items()), cors)


@functools.lru_cache(maxsize=1024)  # the same heads come back: cached pages, one query's answers
def head_of(status: int, content_type: str, length: int, extra: tuple, cors: str | None) -> bytes:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    headers = {"Server": "ccmkg", "Content-Type": content_type, "Content-Length": str(length),
               "X-Content-Type-Options": "nosniff"}
    if content_type.startswith("text/html"):
        headers["Content-Security-Policy"] = CSP
    if cors:
        headers["Access-Control-Allow-Origin"] = cors
        headers["Access-Control-Expose-Headers"] = "X-Result-Truncated"
    lines = [f"HTTP/1.1 {status} {phrase}\r\n"] + [f"{name}: {value}\r\n" for name, value in headers.items()]
    lines += [f"{name}: {value}\r\n" for name, value in extra]
    return "".join(lines).encode("latin-1", "strict")


class Framing:
    """Mixed into http.server's request handler: the request's head read by the grammar above,
    replies written whole."""

    def parse_request(self) -> bool:
        """The request line and header fields, read strictly (above); False once refused."""
        self.command, self.request_version, self.close_connection = None, "HTTP/1.1", True
        self.requestline = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        try:
            self.command, self.path, version = read_request_line(self.raw_requestline)
            self.request_version = f"HTTP/{version[0]}.{version[1]}"
            self.headers = read_fields(self.rfile)
        except BadRequest as exc:
            self.send_error(exc.status, str(exc))
            return False
        if self.path.startswith("//"):  # as http.server: //name/path would read as another host
            self.path = "/" + self.path.lstrip("/")
        connection = self.headers.get("Connection", "").lower()
        self.close_connection = version < (1, 1) and connection != "keep-alive" or connection == "close"
        if self.headers.get("Expect", "").lower() == "100-continue" and version >= (1, 1):
            return self.handle_expect_100()
        return True

    def send(self, reply: Reply) -> None:
        """The reply in one write: its head (made once: head()), the Date, the body."""
        self.log_request(reply.status)
        parts = [head(reply, self.site.settings.cors), date_line(), b"\r\n"]
        if self.command != "HEAD":
            parts.append(reply.body)
        self.wfile.write(b"".join(parts))

    def send_error(self, code, message=None, explain=None) -> None:
        """http.server's own refusals (request line too long, unknown method) as short text too."""
        self.close_connection = True
        phrase = HTTPStatus(code).phrase
        try:
            self.send(text_reply(code, f"{phrase}: {message}" if message else phrase))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client has gone (e.g. it closed before its headers ended): nobody to tell
