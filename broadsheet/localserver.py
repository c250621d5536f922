"""A static file server on 127.0.0.1 for the demo and the tests.

Serves a folder with `text/html` and no charset in the header, so pages
that declare their charset in a <meta> tag (like the GBK sample) exercise
the fetcher's charset detection as a real site would.
"""
from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _Handler(SimpleHTTPRequestHandler):
    extensions_map = {".html": "text/html", ".htm": "text/html", ".xml": "application/xml",
                      ".txt": "text/plain", "": "application/octet-stream"}

    def log_message(self, format, *args):  # noqa: A002 - quiet in demos and tests
        pass


class LocalServer:
    """`with LocalServer(folder) as server: server.url("page.html")`"""

    def __init__(self, folder: str | Path, port: int = 0):
        handler = partial(_Handler, directory=str(folder))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def url(self, path: str) -> str:
        return self.base + path.lstrip("/")

    def __enter__(self) -> "LocalServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
