"""Tools of the hostile tests: a listener that records who connects, raw HTTP on loopback."""
from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.parse


class Listener:
    """A TCP socket on 127.0.0.1 that records every connection made to it (and its first bytes).
    The SSRF probes point SERVICE here: it must see no connection."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        self.seen: list[bytes] = []
        self.running = True
        self.thread = threading.Thread(target=self.accept, daemon=True)
        self.thread.start()

    def accept(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.seen.append(conn.recv(1000))
                except OSError:
                    self.seen.append(b"")

    def connections(self, settle_s: float = 0.3) -> list[bytes]:
        time.sleep(settle_s)  # a request sent just now has time to arrive
        return list(self.seen)

    def close(self) -> None:
        self.running = False
        self.thread.join(2)
        self.sock.close()


def port_of(base: str) -> int:
    return int(base.rsplit(":", 1)[1])


def raw(base: str, data: bytes, wait_s: float = 5.0) -> bytes:
    """Send bytes as they are, read until the server closes or wait_s passes."""
    reply = b""
    with socket.create_connection(("127.0.0.1", port_of(base)), timeout=wait_s) as sock:
        sock.sendall(data)
        try:
            while chunk := sock.recv(65536):
                reply += chunk
        except TimeoutError:
            pass
    return reply


def request(base: str, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
            source: str = "127.0.0.1", timeout: float = 30) -> tuple[int, bytes]:
    """(status, body) of one request, sent from the loopback address `source` (127.0.0.0/8 is
    all loopback on Linux: distinct sources are distinct clients to the server)."""
    conn = http.client.HTTPConnection("127.0.0.1", port_of(base), timeout=timeout, source_address=(source, 0))
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def query_path(query: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query})


def form(query: str) -> bytes:
    return urllib.parse.urlencode({"query": query}).encode()


FORM = {"Content-Type": "application/x-www-form-urlencoded"}
