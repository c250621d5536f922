"""Which actor fetches a URL: its registered domain, hashed, modulo the number of actors.

Politeness (the per-host delay, requests in flight per host, Retry-After
pauses) and the robots.txt cache live in one fetcher. When several actors
scrape at once, each site must therefore be fetched by exactly one of them,
or each actor would keep its own delay and a site would see N times the
rate (the scrapy-redis failure; StormCrawler and Frontera partition by
domain for the same reason). The key is the *registered* domain
(`news.bbc.co.uk` and `www.bbc.co.uk` -> `bbc.co.uk`), read from the Public
Suffix List that `tldextract` ships (no network fetch), so every subdomain
of one site lands on the same actor. A host with no public suffix (an IP
address, `localhost`) is its own site, keyed by `host[:port]`, the unit the
politeness gate and the robots cache use.

The hash is SHA-1, not Python's `hash()` (salted per process): the driver
and every actor must agree, and so must two runs.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from urllib.parse import urlsplit

from scraper.urls import host_of


@lru_cache(maxsize=1)
def _extractor():
    import tldextract

    # The snapshot bundled with the package: no download, no cache directory.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=65536)
def _registered(host: str) -> str:
    return _extractor()(host).top_domain_under_public_suffix


def site_key(url: str) -> str:
    """The registered domain of a URL's host, else its `host[:port]` ('' for a local file)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if not host:
        return ""
    return _registered(host) or host_of(url)


def shard_of(key: str, shards: int) -> int:
    """A site key -> an actor index in [0, shards): stable across processes and runs."""
    if shards < 1:
        raise ValueError("shards must be >= 1")
    digest = hashlib.sha1(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % shards


def partition(url: str, shards: int) -> int:
    """The actor that fetches `url` among `shards` actors."""
    return shard_of(site_key(url), shards)
