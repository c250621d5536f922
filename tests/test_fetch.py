"""The fetcher against a local server: every failure is a clear FetchError."""
from __future__ import annotations

import pytest

from scraper import FetchError, FetchOptions, Fetcher

PAGE = b"<html><head><title>T</title></head><body><p>Hello world.</p></body></html>"


def fetcher(**kw) -> Fetcher:
    opts = dict(timeout=2.0, total_timeout=5.0, retries=1, backoff=0.0)
    opts.update(kw)
    return Fetcher(FetchOptions(**opts))


def test_ok_page(server):
    url = server.add("/ok", body=PAGE, content_type="text/html; charset=utf-8")
    resp = fetcher().get(url)
    assert resp.status == 200 and "Hello world." in resp.text and resp.encoding == "utf-8"


def test_404_is_fetch_error_with_status(server):
    with pytest.raises(FetchError) as err:
        fetcher().get(server.url("/missing"))
    assert err.value.http_status == 404 and "404" in str(err.value)


def test_500_retried_then_reported(server):
    url = server.add("/boom", body=b"oops", status=500)
    with pytest.raises(FetchError) as err:
        fetcher(retries=2).get(url)
    assert server.routes["/boom"].hits == 3  # first try + 2 retries
    assert "500" in str(err.value) or "retries" in str(err.value)


def test_timeout(server):
    url = server.add("/slow", body=PAGE, delay=3.0)
    with pytest.raises(FetchError) as err:
        fetcher(timeout=0.5, retries=0).get(url)
    assert "timeout" in str(err.value).lower()


def test_timeout_after_retries_still_says_timeout(server):
    url = server.add("/slow2", body=PAGE, delay=2.0)
    with pytest.raises(FetchError) as err:
        fetcher(timeout=0.3, retries=1).get(url)
    assert str(err.value).startswith("timeout after 0.3s"), str(err.value)


def test_trickling_body_hits_total_timeout(server):
    url = server.add("/trickle", body=PAGE * 20, trickle=0.05)
    with pytest.raises(FetchError) as err:
        fetcher(timeout=1.0, total_timeout=0.5, retries=0).get(url)
    assert "timeout" in str(err.value).lower()


def test_non_html_refused(server):
    url = server.add("/pic", body=b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, content_type="image/png")
    with pytest.raises(FetchError) as err:
        fetcher().get(url)
    assert "not an HTML page" in str(err.value) and "image/png" in str(err.value)


def test_binary_garbage_served_as_html_refused(server):
    url = server.add("/garbage", body=bytes(range(256)) * 40, content_type="text/html")
    with pytest.raises(FetchError) as err:
        fetcher().get(url)
    assert "binary" in str(err.value) or "decode" in str(err.value)


def test_oversized_by_content_length(server):
    url = server.add("/big", body=b"<html>" + b"a" * 5000 + b"</html>")
    with pytest.raises(FetchError) as err:
        fetcher(max_bytes=1000).get(url)
    assert "too large" in str(err.value)


def test_gzip_bomb_counted_after_decompression(server):
    url = server.add("/bomb", body=b"<html>" + b" " * 2_000_000 + b"</html>", gzip_body=True)
    assert len(server.routes["/bomb"].body) > 1000
    with pytest.raises(FetchError) as err:
        fetcher(max_bytes=100_000).get(url)
    assert "too large" in str(err.value) and "decompression" in str(err.value)


def test_gbk_declared_as_gb2312(server):
    text = "<html><head><meta charset='gb2312'></head><body><p>朱镕基在北京。</p></body></html>"
    url = server.add("/gbk", body=text.encode("gbk"), content_type="text/html")
    resp = fetcher().get(url)
    assert "朱镕基" in resp.text


def test_header_charset_wins_over_detection(server):
    text = "<html><body><p>Café crème</p></body></html>"
    url = server.add("/latin", body=text.encode("latin-1"), content_type="text/html; charset=ISO-8859-1")
    assert "Café crème" in fetcher().get(url).text


def test_undeclared_charset_is_detected(server):
    text = "<html><body><p>" + "中国科学院生物物理研究所今天举行了学术报告会。" * 20 + "</p></body></html>"
    url = server.add("/nodecl", body=text.encode("gb18030"), content_type="text/html")
    assert "生物物理" in fetcher().get(url).text


def test_invalid_declared_charset_still_reads(server):
    url = server.add("/badcs", body=PAGE, content_type="text/html; charset=x-no-such-charset")
    assert "Hello world." in fetcher().get(url).text


def test_redirect_loop(server):
    server.add("/a", status=302, headers={"Location": "/b"}, body=b"")
    server.add("/b", status=302, headers={"Location": "/a"}, body=b"")
    with pytest.raises(FetchError) as err:
        fetcher().get(server.url("/a"))
    assert "redirect" in str(err.value).lower()


def test_connection_refused():
    with pytest.raises(FetchError) as err:
        fetcher(retries=0).get("http://127.0.0.1:9/nothing")
    assert "connection" in str(err.value).lower()


def test_session_cookies_user_agent_and_request_headers_are_sent(server):
    """Cookies a site sets come back on the next request, with our agent and the caller's headers."""
    first = server.add("/consent", body=PAGE, headers={"Set-Cookie": "consent=yes; Path=/"})
    second = server.add("/story", body=PAGE)
    f = fetcher()
    f.get(first)
    f.get(second, headers={"If-None-Match": '"v1"'})
    sent = {k.lower(): v for k, v in server.routes["/story"].last_headers.items()}
    assert sent["cookie"] == "consent=yes"
    assert sent["user-agent"].startswith("Broadsheet/")
    assert sent["if-none-match"] == '"v1"'
