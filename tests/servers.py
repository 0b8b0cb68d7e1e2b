"""Real server processes for the serve tests: `ccmkg serve` and an Oxigraph server, on free loopback ports."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"  # Debian's: never a downloaded browser (.ci/run installs it)
# as root and on a closed network: no sandbox, no background connections (see the machine notes)
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {process.stdout.read()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up in {seconds} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


def start_ccmkg(*options: str) -> tuple[str, subprocess.Popen]:
    """`ccmkg serve` with the given options; returns its base URL and process (stop() it)."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "ccmkg.cli", "serve", "--port", str(port), *options],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/static/site.css", process)
    except Exception:
        stop(process)
        raise
    return base, process


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def start_oxigraph(location: Path) -> tuple[str, subprocess.Popen]:
    """An Oxigraph server loaded with the ontology and the committed data."""
    binary = oxigraph_binary()
    files = [ROOT / "ontology" / "ccm.ttl", *sorted((ROOT / "ontology" / "vocab").glob("*.ttl")),
             *sorted((ROOT / "data" / "ttl").rglob("*.ttl"))]
    subprocess.run([binary, "load", "--location", str(location), "--file", *map(str, files)],
                   check=True, capture_output=True, timeout=300)
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/query?query=ASK%7B%7D", process)
    except Exception:
        stop(process)
        raise
    return base, process


def chromium():
    """Debian's Chromium driven by Playwright, for a module fixture: `yield from chromium()`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def browser_page(browser, csp_refusals: bool = False):
    """A page of a fresh 1280×900 context, for a test fixture: `yield from browser_page(browser)`.
    After the test, no script error may have been reported (with `csp_refusals`, nor anything the
    Content-Security-Policy refused)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    if csp_refusals:
        page.on("console", lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    yield page
    context.close()
    assert not errors, errors


def ccmkg_server(*options: str):
    """`ccmkg serve` for a module fixture: `yield from ccmkg_server()` gives its base URL."""
    base, process = start_ccmkg(*options)
    try:
        yield base
    finally:
        stop(process)
