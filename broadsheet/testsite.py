"""A generated news site on 127.0.0.1, with injected faults, for tests and benchmarks.

    with TestSite(pages=100) as site:
        site.article_url(7)        # /news/2024/05/00007-....html
        site.url("/feed.xml")      # RSS of the newest articles
        site.url("/sitemap.xml")   # a sitemap index -> urlset + news sitemap
        site.url("/section/0")     # listing pages, 20 links each, "next" to /section/1
        site.fault_url("reset", 3) # a page that fails in a particular way

Articles answer ETag / Last-Modified and 304 to conditional requests;
`site.revise(i)` changes article i (a new paragraph). robots.txt disallows
`/private/`. Faults (`FAULTS`): reset, timeout, slow, 500, 503 (Retry-After 1
then OK), 429 (Retry-After 1 then OK), retry-long (503 Retry-After 3600),
truncated, gzip-bomb, redirect-loop, wrong-type, huge, bad-charset, binary,
no-article, 404.

Run it in its own process (so it does not compete with the scraper for the
GIL): `python -m broadsheet.testsite --pages 10000 --port 8765`.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import random
import socket
import struct
import threading
import time
import zlib
from urllib.parse import parse_qs, urlsplit
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

FAULTS = ("reset", "timeout", "slow", "500", "503", "429", "retry-long", "truncated", "gzip-bomb",
          "redirect-loop", "wrong-type", "huge", "bad-charset", "binary", "no-article", "404")
# Faults after which the page is still scraped (the server recovers on the retry).
RECOVERING = ("503", "429")

PER_LISTING = 20
_GIVEN = ["Wei", "Li", "Anna", "James", "Maria", "Chen", "David", "Sara", "Omar", "Yuki", "Peter", "Lena"]
_FAMILY = ["Zhang", "Wang", "Smith", "Garcia", "Novak", "Tanaka", "Okafor", "Müller", "Rossi", "Kim"]
_ORGS = [("Institute of Physics", "IOP"), ("National Museum of Science", "NMS"),
         ("Capital University of Technology", "CUT"), ("Biophysical Society", "BPS"),
         ("City Council of Riverton", "CCR"), ("Ocean Research Agency", "ORA")]
_ROLES = ["director", "president", "chief scientist", "spokesperson", "secretary-general", "professor"]
_WORDS = ("the project research new city team data results public science study local year plan "
          "museum students energy water health network growth policy report community").split()
_BOMB: bytes | None = None


def slug(i: int) -> str:
    rnd = random.Random(i)
    return "-".join(rnd.choice(_WORDS) for _ in range(5))


def article_path(i: int) -> str:
    month = 1 + i % 12
    return f"/news/2024/{month:02d}/{i:05d}-{slug(i)}.html"


def article_html(i: int, base: str = "", revision: int = 0, paragraphs: int = 8,
                 path: str | None = None) -> bytes:
    rnd = random.Random(i * 7919 + 1)
    day = 1 + i % 28
    month = 1 + i % 12
    title = f"Story {i}: " + " ".join(rnd.choice(_WORDS) for _ in range(6)).capitalize()
    author = f"{rnd.choice(_GIVEN)} {rnd.choice(_FAMILY)}"
    paras = []
    for n in range(paragraphs):
        person = f"{rnd.choice(_GIVEN)} {rnd.choice(_FAMILY)}"
        org, acr = rnd.choice(_ORGS)
        role = rnd.choice(_ROLES)
        words = " ".join(rnd.choice(_WORDS) for _ in range(rnd.randint(25, 45)))
        if n % 3 == 0:
            text = (f"{person}, {role} of the {org} ({acr}), said on March {day}, 2024 that "
                    f"{words}.")
        elif n % 3 == 1:
            text = f'"{words.capitalize()}," said {person}, {role} at the {org}.'
        else:
            text = f"{words.capitalize()} in {2020 + n % 4}."
        paras.append(f"<p>{escape(text)}</p>")
    if revision:
        paras.append(f"<p>Update {revision}: this story was revised with new information from the "
                     f"{_ORGS[revision % len(_ORGS)][0]}.</p>")
    canonical = f"{base}{path or article_path(i)}"
    html = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(title)} | Riverton Gazette</title>
<link rel="canonical" href="{canonical}">
<meta property="og:title" content="{escape(title)}">
<meta property="og:site_name" content="Riverton Gazette">
<meta property="article:published_time" content="2024-{month:02d}-{day:02d}T09:30:00+00:00">
<meta name="author" content="{author}">
</head><body>
<header><nav><a href="/">Home</a> <a href="/section/0">News</a> <a href="/about">About</a></nav></header>
<main><article>
<h1>{escape(title)}</h1>
<p class="byline">By {author}</p>
<time datetime="2024-{month:02d}-{day:02d}T09:30:00+00:00">2024-{month:02d}-{day:02d}</time>
<div class="article-body">
{chr(10).join(paras)}
</div>
</article></main>
<footer><p>Copyright Riverton Gazette. All rights reserved.</p></footer>
</body></html>"""
    return html.encode("utf-8")


def no_article_html() -> bytes:
    return (b"<!DOCTYPE html><html><head><title>Index</title></head><body>"
            b"<nav><a href='/'>Home</a></nav></body></html>")


def _bomb() -> bytes:
    global _BOMB
    if _BOMB is None:
        # 40 gzip members of 1 MB of spaces each: 40 MB once decompressed, ~40 KB on the wire
        _BOMB = gzip.compress(b" " * 1_000_000, 9) * 40
    return _BOMB


class TestSite:
    __test__ = False  # not a pytest class

    def __init__(self, pages: int = 100, port: int = 0, host: str = "127.0.0.1",
                 slow_seconds: float = 3.0, feed_items: int = 50, crawl_delay: float | None = None,
                 latency: float = 0.0):
        self.pages, self.slow_seconds, self.feed_items = pages, slow_seconds, feed_items
        self.latency = latency  # seconds added to every article answer (to slow a run down)
        self._rendered: dict[int, bytes] = {}  # first revisions rendered ahead (see `prerender`)
        self.crawl_delay = crawl_delay
        self.revisions: dict[int, int] = {}
        self.hits: dict[str, int] = {}
        self.requests: list[tuple[float, str]] = []   # (monotonic time, path), for politeness tests
        self.record_requests = False
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out at once (no 40 ms delayed-ACK stalls)

            def log_message(self, *args):
                pass

            def do_GET(self):
                try:
                    site._handle(self)
                except (BrokenPipeError, ConnectionResetError, socket.timeout):
                    pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 128

            def handle_error(self, request, client_address):
                pass  # clients killed mid-request (the kill -9 checks) are expected here

        self.httpd = Server((host, port), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    # -- addresses ---------------------------------------------------------------
    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def article_url(self, i: int) -> str:
        return self.base + article_path(i)

    def article_urls(self, n: int | None = None) -> list[str]:
        return [self.article_url(i) for i in range(self.pages if n is None else n)]

    def fault_url(self, kind: str, i: int = 0) -> str:
        return f"{self.base}/fault/{kind}/{i}.html"

    def prerender(self) -> "TestSite":
        """Render every article before serving, as a static site would be.

        The server shares the benchmark machine with the scraper it feeds;
        rendering pages ahead keeps its per-request cost to serving bytes.
        """
        self._rendered = {i: article_html(i, self.base) for i in range(self.pages)}
        return self

    def revise(self, i: int) -> None:
        self.revisions[i] = self.revisions.get(i, 0) + 1

    def start(self) -> "TestSite":
        _bomb()
        self.thread.start()
        return self

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> "TestSite":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    # -- answers -----------------------------------------------------------------
    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path.split("#")[0]
        bare = path.split("?")[0]
        with self._lock:
            hits = self.hits[bare] = self.hits.get(bare, 0) + 1
            if self.record_requests:
                self.requests.append((time.monotonic(), bare))
        if bare == "/robots.txt":
            text = "User-agent: *\nDisallow: /private/\n"
            if self.crawl_delay:
                text += f"Crawl-delay: {self.crawl_delay:g}\n"
            return self._send(h, 200, text.encode(), "text/plain")
        if bare.startswith("/news/"):
            if self.latency:
                time.sleep(self.latency)
            return self._article(h, bare)
        if bare == "/go":  # a redirect to the path in ?to=
            target = parse_qs(urlsplit(path).query).get("to", ["/"])[0]
            return self._send(h, 302, b"", None, {"Location": target})
        if bare.startswith("/private/"):
            return self._send(h, 200, article_html(0, self.base), "text/html; charset=utf-8")
        if bare.startswith("/section/"):
            return self._listing(h, bare)
        if bare == "/feed.xml":
            return self._send(h, 200, self._rss(), "application/rss+xml")
        if bare == "/atom.xml":
            return self._send(h, 200, self._atom(), "application/atom+xml")
        if bare == "/sitemap.xml":
            return self._send(h, 200, self._sitemap_index(), "application/xml")
        if bare == "/sitemap-articles.xml":
            return self._send(h, 200, self._urlset(range(self.pages)), "application/xml")
        if bare == "/sitemap-articles.xml.gz":
            return self._send(h, 200, gzip.compress(self._urlset(range(self.pages))), "application/x-gzip")
        if bare == "/news-sitemap.xml":
            return self._send(h, 200, self._news_sitemap(), "application/xml")
        if bare.startswith("/fault/"):
            parts = bare.split("/")
            return self._fault(h, parts[2] if len(parts) > 2 else "", hits, bare)
        if bare in ("/", "/about"):
            return self._send(h, 200, no_article_html(), "text/html")
        return self._send(h, 404, b"not found", "text/plain")

    def _send(self, h, status: int, body: bytes, ctype: str | None, headers: dict | None = None) -> None:
        h.send_response(status)
        if ctype:
            h.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    def _article(self, h, bare: str) -> None:
        try:
            i = int(bare.rsplit("/", 1)[-1].split("-", 1)[0])
        except ValueError:
            return self._send(h, 404, b"not found", "text/plain")
        if i >= self.pages or bare != article_path(i):
            return self._send(h, 404, b"not found", "text/plain")
        rev = self.revisions.get(i, 0)
        etag = '"' + hashlib.md5(f"{i}:{rev}".encode()).hexdigest()[:16] + '"'
        modified = formatdate(1_700_000_000 + i * 60 + rev * 86400, usegmt=True)
        headers = {"ETag": etag, "Last-Modified": modified}
        if h.headers.get("If-None-Match") == etag:
            h.send_response(304)
            for k, v in headers.items():
                h.send_header(k, v)
            h.end_headers()
            return
        body = self._rendered.get(i) if rev == 0 else None
        if body is None:
            body = article_html(i, self.base, rev)
        self._send(h, 200, body, "text/html; charset=utf-8", headers)

    def _listing(self, h, bare: str) -> None:
        try:
            n = int(bare.rstrip("/").rsplit("/", 1)[-1])
        except ValueError:
            return self._send(h, 404, b"not found", "text/plain")
        start = n * PER_LISTING
        links = []
        for i in range(start, min(start + PER_LISTING, self.pages)):
            links.append(f'<li><a href="{article_path(i)}">Story {i}</a> '
                         f'<a href="{article_path(i)}?utm_source=home&amp;utm_medium=web#comments">'
                         f'comments</a></li>')
        more = f'<a rel="next" href="/section/{n + 1}">Older stories</a>' if start + PER_LISTING < self.pages else ""
        body = (f"<!DOCTYPE html><html><head><title>News, page {n}</title></head><body>"
                f"<nav><a href='/'>Home</a> <a href='/about'>About</a> <a href='/tag/science'>Science</a>"
                f" <a href='https://elsewhere.example/news/2024/01/00001-other-site-story-here-now.html'>x</a>"
                f"</nav><ul>{''.join(links)}</ul>{more}</body></html>")
        self._send(h, 200, body.encode(), "text/html; charset=utf-8")

    def _rss(self) -> bytes:
        items = "".join(
            f"<item><title>Story {i}</title><link>{self.base}{article_path(i)}?utm_source=rss</link>"
            f"<guid>{self.base}{article_path(i)}</guid></item>"
            for i in range(min(self.feed_items, self.pages)))
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Riverton Gazette</title>'
                f"<link>{self.base}/</link>{items}</channel></rss>").encode()

    def _atom(self) -> bytes:
        entries = "".join(
            f'<entry><title>Story {i}</title><link rel="alternate" href="{self.base}{article_path(i)}"/>'
            f"<id>{self.base}{article_path(i)}</id><updated>2024-05-01T00:00:00Z</updated></entry>"
            for i in range(min(self.feed_items, self.pages)))
        return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                f"<title>Riverton Gazette</title><id>{self.base}/</id>"
                f"<updated>2024-05-01T00:00:00Z</updated>{entries}</feed>").encode()

    def _sitemap_index(self) -> bytes:
        return (f'<?xml version="1.0" encoding="UTF-8"?>'
                f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<sitemap><loc>{self.base}/sitemap-articles.xml.gz</loc></sitemap>"
                f"<sitemap><loc>{self.base}/news-sitemap.xml</loc></sitemap>"
                f"</sitemapindex>").encode()

    def _urlset(self, indices) -> bytes:
        urls = "".join(f"<url><loc>{self.base}{article_path(i)}</loc></url>" for i in indices)
        return (f'<?xml version="1.0" encoding="UTF-8"?>'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>').encode()

    def _news_sitemap(self) -> bytes:
        urls = "".join(
            f"<url><loc>{self.base}{article_path(i)}</loc><news:news><news:publication>"
            f"<news:name>Riverton Gazette</news:name><news:language>en</news:language></news:publication>"
            f"<news:publication_date>2024-05-01</news:publication_date><news:title>Story {i}</news:title>"
            f"</news:news></url>" for i in range(min(10, self.pages)))
        return (f'<?xml version="1.0" encoding="UTF-8"?>'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>').encode()

    def _fault(self, h, kind: str, hits: int, path: str) -> None:
        # each fault URL is its own article (canonical = itself), so results never collide
        page = article_html(1_000_000 + zlib.crc32(path.encode()) % 1_000_000, self.base, path=path)
        if kind == "reset":
            h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            h.close_connection = True
            h.connection.close()
            return
        if kind == "timeout":
            time.sleep(self.slow_seconds)
            return self._send(h, 200, page, "text/html")
        if kind == "slow":
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", str(len(page)))
            h.end_headers()
            deadline = time.monotonic() + self.slow_seconds * 3
            for i in range(0, len(page), 64):
                h.wfile.write(page[i:i + 64])
                h.wfile.flush()
                time.sleep(0.2)
                if time.monotonic() > deadline:
                    break
            h.close_connection = True
            return
        if kind == "500":
            return self._send(h, 500, b"internal error", "text/plain")
        if kind in ("503", "429"):
            if hits % 2 == 1:  # every other request: the first try fails, the retry succeeds
                return self._send(h, int(kind), b"busy", "text/plain", {"Retry-After": "1"})
            return self._send(h, 200, page, "text/html")
        if kind == "retry-long":
            return self._send(h, 503, b"come back later", "text/plain", {"Retry-After": "3600"})
        if kind == "truncated":
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", str(len(page) + 5000))
            h.end_headers()
            h.wfile.write(page[:300])
            h.wfile.flush()
            h.close_connection = True
            return
        if kind == "gzip-bomb":
            return self._send(h, 200, _bomb(), "text/html", {"Content-Encoding": "gzip"})
        if kind == "redirect-loop":
            h.send_response(302)
            h.send_header("Location", h.path.split("?")[0] + f"?r={hits}")
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        if kind == "wrong-type":
            return self._send(h, 200, b"%PDF-1.4\n" + b"\x00" * 2000, "application/pdf")
        if kind == "huge":
            return self._send(h, 200, b"<html><body>" + b"<p>" + b"x" * (12 * 1024 * 1024) + b"</p></body></html>",
                              "text/html")
        if kind == "bad-charset":
            body = page.replace(b'charset="utf-8"', b"").replace(b"Story", "Stóry".encode("latin-1"))
            return self._send(h, 200, body + b"\xff\xfe\x81\x8d", "text/html; charset=utf-8")
        if kind == "binary":
            rnd = random.Random(hits)
            return self._send(h, 200, bytes(rnd.getrandbits(8) for _ in range(20000)), "text/html")
        if kind == "no-article":
            return self._send(h, 200, no_article_html(), "text/html")
        return self._send(h, 404, b"not found", "text/plain")


def fault_mix(site_or_base, n: int, every: int = 10) -> list[str]:
    """`n` URLs: articles, with one fault page (cycling through FAULTS) every `every` URLs."""
    base = site_or_base.base if hasattr(site_or_base, "base") else site_or_base.rstrip("/")
    out = []
    k = 0
    for i in range(n):
        if every and i % every == every - 1:
            kind = FAULTS[k % len(FAULTS)]
            out.append(f"{base}/fault/{kind}/{k}.html")
            k += 1
        else:
            out.append(base + article_path(i))
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="Serve the generated test news site on 127.0.0.1.")
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--slow-seconds", type=float, default=3.0)
    ap.add_argument("--latency", type=float, default=0.0)
    ap.add_argument("--prerender", action="store_true", help="render every article before serving")
    args = ap.parse_args(argv)
    site = TestSite(pages=args.pages, port=args.port, slow_seconds=args.slow_seconds, latency=args.latency)
    if args.prerender:
        site.prerender()
    _bomb()
    print(site.base, flush=True)
    try:
        site.httpd.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
