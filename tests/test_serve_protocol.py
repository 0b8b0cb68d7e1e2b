"""The request head as `ccmkg serve` reads it (RFC 9112's grammar, strictly) and the reply heads it
writes: the parser alone, on bytes, then over a real connection."""
from __future__ import annotations

import io
import socket

import pytest

from ccmkg.serve.protocol import MAX_FIELDS, BadRequest, head, read_fields, read_request_line
from ccmkg.serve.results import Reply
from tests.servers import ccmkg_server


def fields(raw: bytes):
    return read_fields(io.BytesIO(raw))


def test_a_request_line_is_method_target_version():
    assert read_request_line(b"GET /id/state/LBN HTTP/1.1\r\n") == ("GET", "/id/state/LBN", (1, 1))
    assert read_request_line(b"HEAD / HTTP/1.0\n") == ("HEAD", "/", (1, 0))


@pytest.mark.parametrize("line, status", [
    (b"GET /\r\n", 400),  # HTTP/0.9: no version
    (b"GET  / HTTP/1.1\r\n", 400), (b"GET / HTTP/1.1 \r\n", 400), (b"GET / http/1.1\r\n", 400),
    (b"GET / HTTP/1\r\n", 400), (b"G(T / HTTP/1.1\r\n", 400), (b"GET / HTTP/1.1", 400),
    (b"GET /\x01 HTTP/1.1\r\n", 400), (b"GET / HTTP/2.0\r\n", 505), (b"GET / HTTP/0.9\r\n", 505)])
def test_other_request_lines_are_refused(line, status):
    with pytest.raises(BadRequest) as refused:
        read_request_line(line)
    assert refused.value.status == status


def test_fields_keep_every_value_and_trim_the_spaces_around_it():
    read = fields(b"Host:  127.0.0.1:8000 \r\ncontent-length: 5\r\nContent-Length:\t6\r\nX-Empty:\r\n\r\nbody")
    assert read.get("Host") == "127.0.0.1:8000"
    assert read.get_all("Content-Length") == ["5", "6"]  # both, for the refusal of two lengths
    assert read.get("x-empty") == ""


@pytest.mark.parametrize("raw", [
    b"Host: a\r\n folded: continuation\r\n\r\n",  # obs-fold (RFC 9112 5.2: reject)
    b"Transfer-Encoding : chunked\r\n\r\n",  # whitespace before the colon (5.1: reject with 400)
    b"Host a\r\n\r\n", b": empty name\r\n\r\n", b"Ho st: a\r\n\r\n",
    b"X-Bad: a\x00b\r\n\r\n", b"X-Bad: a\rb\r\n\r\n",
    b"Host: a\r\n"])  # the connection ended before the blank line
def test_malformed_fields_are_refused(raw):
    with pytest.raises(BadRequest) as refused:
        fields(raw)
    assert refused.value.status == 400


def test_too_many_or_too_long_fields_are_refused_with_431():
    many = b"".join(b"X-%d: 1\r\n" % n for n in range(MAX_FIELDS + 1)) + b"\r\n"
    with pytest.raises(BadRequest) as refused:
        fields(many)
    assert refused.value.status == 431
    assert len(fields(many[many.index(b"X-1:"):]).keys()) == MAX_FIELDS  # 100 are fine
    with pytest.raises(BadRequest) as refused:
        fields(b"X-Long: " + b"a" * 70000 + b"\r\n\r\n")
    assert refused.value.status == 431


def test_a_reply_head_names_type_length_and_policy():
    page = head(Reply(200, "text/html; charset=utf-8", b"<p>hi</p>", {"Vary": "Accept"}), None)
    assert page.startswith(b"HTTP/1.1 200 OK\r\n") and page.endswith(b"Vary: Accept\r\n")
    assert b"Content-Length: 9\r\n" in page and b"Content-Security-Policy: default-src 'self'" in page
    data = head(Reply(404, "text/plain; charset=utf-8", b"no"), "https://friend.example")
    assert data.startswith(b"HTTP/1.1 404 Not Found\r\n") and b"Content-Security-Policy" not in data
    assert b"Access-Control-Allow-Origin: https://friend.example\r\n" in data


# -- over a connection -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server():
    yield from ccmkg_server()


def exchange(base: str, data: bytes, replies: int = 1) -> bytes:
    """Send bytes, read until `replies` status lines came and the server is quiet or closes."""
    port = int(base.rsplit(":", 1)[1])
    received = b""
    with socket.create_connection(("127.0.0.1", port), timeout=3) as sock:
        sock.sendall(data)
        try:
            while chunk := sock.recv(65536):
                received += chunk
                if received.count(b"HTTP/1.1 ") >= replies and received.endswith(b"\n"):
                    sock.settimeout(0.3)  # the rest of the reply, or the close
        except TimeoutError:
            pass
    return received


def test_kept_alive_connection_answers_each_request(server):
    two = b"GET /static/site.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" * 2
    received = exchange(server, two, replies=2)
    assert received.count(b"HTTP/1.1 200 OK\r\n") == 2 and received.count(b"\r\nDate: ") == 2


def test_http_1_0_and_connection_close_end_the_connection(server):
    for request in (b"GET /static/site.css HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n",
                    b"GET /static/site.css HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"):
        received = exchange(server, request + request)  # the second is never answered
        assert received.count(b"HTTP/1.1 200") == 1


def test_expect_100_continue_is_answered_before_the_body(server):
    body = b"ASK { ?s ?p ?o }"
    received = exchange(server, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                                b"Accept: text/csv\r\nExpect: 100-continue\r\nContent-Length: %d\r\n\r\n%s"
                        % (len(body), body), replies=2)
    assert received.startswith(b"HTTP/1.1 100") and b"HTTP/1.1 200 OK" in received and received.endswith(b"true\n")


@pytest.mark.parametrize("request_head, status", [
    (b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding : chunked\r\n\r\n", b"400"),
    (b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: 1\r\n  folded\r\n\r\n", b"400"),
    (b"GET / HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n", b"505"),
    (b"BREW / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", b"501")])
def test_malformed_heads_get_one_short_refusal_and_the_connection_closes(server, request_head, status):
    received = exchange(server, request_head + b"GET /static/site.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert received.startswith(b"HTTP/1.1 " + status) and received.count(b"HTTP/1.1 ") == 1
    assert b"text/plain" in received and b"<html" not in received.lower()
