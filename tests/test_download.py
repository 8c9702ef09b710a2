"""Downloads from publishers, against a local HTTP server on loopback."""

import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import SAMPLE_PDF
from pipelines.run.download import Source, download, load_sources, target_path

BODY = SAMPLE_PDF.read_bytes()
SHA = hashlib.sha256(BODY).hexdigest()


class Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}

    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):
        Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        if self.path == "/budget.pdf":
            self._send(200, BODY)
        elif self.path == "/slow.pdf":
            time.sleep(1.5)
            self._send(200, BODY)
        elif self.path == "/truncated.pdf":
            self.send_response(200)
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            self.wfile.write(BODY[: len(BODY) // 3])
            self.close_connection = True
        elif self.path == "/flaky.pdf" and Handler.hits[self.path] == 1:
            self._send(503, b"busy")
        elif self.path == "/flaky.pdf":
            self._send(200, BODY)
        else:
            self._send(404, b"not found")

    def _send(self, code, body):
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _source(url, **kw):
    return Source(year=2026, unit="昆明海关本级", report_kind="budget", url=url, **kw)


def _leftovers(raw):
    return [p for p in raw.rglob("*") if p.is_file()]


def test_success_lands_whole_with_its_hash(server, tmp_path):
    out = download(_source(f"{server}/budget.pdf", sha256=SHA), tmp_path)
    assert out.status == "downloaded"
    assert out.path == tmp_path / "2026" / "昆明海关本级" / "budget.pdf"
    assert hashlib.sha256(out.path.read_bytes()).hexdigest() == SHA
    again = download(_source(f"{server}/budget.pdf", sha256=SHA), tmp_path)
    assert again.status == "unchanged"


def test_404_fails_at_once_and_writes_nothing(server, tmp_path):
    out = download(_source(f"{server}/gone.pdf"), tmp_path, backoff=0.01)
    assert out.status == "failed" and "HTTP 404" in out.message and out.attempts == 1
    assert _leftovers(tmp_path) == []


def test_timeout_is_retried_then_reported(server, tmp_path):
    out = download(_source(f"{server}/slow.pdf"), tmp_path, timeout=0.3, retries=1, backoff=0.01)
    assert out.status == "failed" and "timed out" in out.message and out.attempts == 2
    assert _leftovers(tmp_path) == []


def test_truncated_body_is_rejected(server, tmp_path):
    out = download(_source(f"{server}/truncated.pdf"), tmp_path, retries=1, backoff=0.01)
    assert out.status == "failed" and "truncated" in out.message
    assert _leftovers(tmp_path) == []


def test_wrong_hash_is_rejected_without_retry(server, tmp_path):
    out = download(_source(f"{server}/budget.pdf", sha256="0" * 64), tmp_path, backoff=0.01)
    assert out.status == "failed" and "does not match" in out.message and out.attempts == 1
    assert _leftovers(tmp_path) == []


def test_server_error_is_retried_with_backoff(server, tmp_path):
    out = download(_source(f"{server}/flaky.pdf", sha256=SHA), tmp_path, backoff=0.01)
    assert out.status == "downloaded" and out.attempts == 2


def test_only_http_https_and_file_urls(tmp_path):
    out = download(_source("ftp://example.invalid/budget.pdf"), tmp_path)
    assert out.status == "failed" and "only http, https and file" in out.message
    local = download(_source(SAMPLE_PDF.as_uri(), sha256=SHA, file_name="2026/local.pdf"), tmp_path)
    assert local.status == "downloaded" and (tmp_path / "2026" / "local.pdf").exists()


@pytest.mark.parametrize("name", ["../outside.pdf", "/etc/passwd", "a/../../b.pdf"])
def test_names_cannot_escape_raw(tmp_path, name):
    with pytest.raises(ValueError):
        target_path(tmp_path, _source("http://127.0.0.1/x.pdf", file_name=name))
    out = download(_source("http://127.0.0.1/x.pdf", file_name=name), tmp_path)
    assert out.status == "failed" and "raw/" in out.message


def test_sources_file_is_validated(tmp_path):
    good = tmp_path / "sources.yaml"
    good.write_text(
        "sources:\n  - {year: 2026, unit: 昆明海关本级, report_kind: budget, url: 'https://example.org/a.pdf'}\n",
        encoding="utf-8",
    )
    assert load_sources(good)[0].unit == "昆明海关本级"
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources:\n  - {year: 2026, unit: x, report_kind: annual, url: 'https://example.org/a.pdf'}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="report_kind"):
        load_sources(bad)
