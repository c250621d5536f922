"""Shared fixtures: a local HTTP server on 127.0.0.1 with scripted routes.

Tests never touch the internet; every page they fetch comes from here.
"""
from __future__ import annotations

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "data" / "samples"
BENCH = REPO.parent / "shared" / "bench"


class Route:
    """What the server answers for one path."""

    def __init__(self, body: bytes = b"", status: int = 200, content_type: str | None = "text/html",
                 headers: dict | None = None, delay: float = 0.0, gzip_body: bool = False,
                 trickle: float = 0.0):
        self.body, self.status, self.content_type = body, status, content_type
        self.headers, self.delay, self.gzip_body, self.trickle = headers or {}, delay, gzip_body, trickle
        self.hits = 0
        self.last_headers: dict = {}  # of the last request


class ScriptedServer:
    def __init__(self):
        self.routes: dict[str, Route] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                route = server.routes.get(self.path.split("?")[0])
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                route.hits += 1
                route.last_headers = dict(self.headers)
                if route.delay:
                    time.sleep(route.delay)
                body = gzip.compress(route.body) if route.gzip_body else route.body
                self.send_response(route.status)
                if route.content_type:
                    self.send_header("Content-Type", route.content_type)
                if route.gzip_body:
                    self.send_header("Content-Encoding", "gzip")
                for k, v in route.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    if route.trickle:
                        for i in range(0, len(body), 16):
                            self.wfile.write(body[i:i + 16])
                            self.wfile.flush()
                            time.sleep(route.trickle)
                    else:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def add(self, path: str, **kwargs) -> str:
        self.routes[path] = Route(**kwargs)
        return self.url(path)

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    srv = ScriptedServer()
    yield srv
    srv.close()


@pytest.fixture
def sample_server():
    from broadsheet.localserver import LocalServer

    with LocalServer(SAMPLES) as srv:
        yield srv
