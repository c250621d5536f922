"""URL canonicalisation, so the same article is never fetched twice.

`canonicalize(url)` gives one spelling per page: lower-case scheme and host,
no default port, no fragment, dot segments resolved, tracking parameters
(utm_*, fbclid, gclid, ...) removed and the remaining query parameters sorted.
`same_site`, `host_of` and `looks_like_article` help the crawler decide which
links to follow.
"""
from __future__ import annotations

import posixpath
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

# Parameters that only say where a click came from; never part of the page's identity.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
    "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id",
    "oly_enc_id", "vero_id", "vero_conv", "rb_clickid", "s_cid", "ncid", "cmpid", "ocid",
    "ito", "sr_share", "smid", "share", "ref_src", "ref_url", "spm", "at_medium", "at_campaign",
    "wt.mc_id", "wt_mc_id", "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname", "ns_fee",
    "__twitter_impression", "guccounter", "guce_referrer", "guce_referrer_sig",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "at_", "ga_")

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters left as they are in a path (RFC 3986 pchar + "/"); everything else is %-encoded.
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"


def is_tracking_param(name: str) -> bool:
    low = name.lower()
    return low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES)


def canonicalize(url: str, base: str | None = None) -> str:
    """The canonical spelling of `url` (resolved against `base` when relative).

    Non-http(s) URLs (file:, mailto:, ...) are returned as they are, minus
    the fragment.
    """
    url = (url or "").strip()
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return urlunsplit(parts._replace(fragment=""))
    host = (parts.hostname or "").rstrip(".").lower()
    try:
        host = host.encode("idna").decode("ascii") if host and not host.isascii() else host
    except UnicodeError:
        pass
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    if parts.username:  # keep credentials if someone put them there
        auth = parts.username + (f":{parts.password}" if parts.password else "")
        netloc = f"{auth}@{netloc}"
    path = _normalise_path(parts.path)
    query = _clean_query(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def _normalise_path(path: str) -> str:
    if not path:
        return "/"
    trailing = path.endswith("/")
    norm = posixpath.normpath(path)
    if norm.startswith("//"):
        norm = "/" + norm.lstrip("/")
    if norm == ".":
        norm = "/"
    if trailing and not norm.endswith("/"):
        norm += "/"
    # One encoding per character: decode then re-encode (keeps %2F as it was).
    segments = [quote(unquote(seg), safe=_PATH_SAFE.replace("%", "").replace("/", ""))
                if "%2f" not in seg.lower() else seg for seg in norm.split("/")]
    return "/".join(segments)


def _clean_query(query: str) -> str:
    if not query:
        return ""
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not is_tracking_param(k)]
    pairs.sort()
    return urlencode(pairs, doseq=True)


def host_of(url: str) -> str:
    """`host[:port]` of a URL, lower case (the unit of politeness)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return host if port in (None, _DEFAULT_PORTS.get(parts.scheme.lower())) else f"{host}:{port}"


def site_of(url: str) -> str:
    """The host without a leading `www.` (so example.com and www.example.com are one site)."""
    host = host_of(url)
    return host[4:] if host.startswith("www.") else host


def same_site(a: str, b: str) -> bool:
    return site_of(a) == site_of(b)


_NOT_ARTICLE_EXT = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|css|js|json|pdf|zip|gz|mp[34]|mov|avi|webm|woff2?|ttf|xml|rss|atom)$",
    re.I)
_NOT_ARTICLE_PATH = re.compile(
    r"^/(?:$|tags?/|topics?/|authors?/|about|contact|privacy|terms|login|signin|sign-in|register|"
    r"subscribe|newsletter|search|account|cdn-cgi/|wp-admin|wp-login|feed/?$|rss/?$|static/|assets/)",
    re.I)
_DATE_IN_PATH = re.compile(r"/(?:19|20)\d\d[/-](?:0?[1-9]|1[0-2])(?:[/-]|$)|/(?:19|20)\d\d(?:0[1-9]|1[0-2])\d\d")
_PAGINATION = re.compile(r"(?:[?&](?:page|p|offset|start)=\d+|/page/\d+/?$)", re.I)


def looks_like_article(url: str) -> bool:
    """A cheap guess that a link leads to an article rather than a listing or a utility page.

    Articles usually have a date in the path, a long hyphenated slug, a
    numeric id, or an `.html` page deep in a section.
    """
    parts = urlsplit(url)
    path = parts.path or "/"
    if _NOT_ARTICLE_EXT.search(path) or _NOT_ARTICLE_PATH.match(path) or _PAGINATION.search(url):
        return False
    if _DATE_IN_PATH.search(path):
        return True
    segments = [s for s in path.split("/") if s]
    if not segments:
        return False
    last = re.sub(r"\.(?:s?html?|php|aspx?)$", "", segments[-1], flags=re.I)
    if last.count("-") >= 3 or (last.count("_") >= 3):
        return True
    if re.search(r"\d{4,}", last):
        return True
    if segments[-1].lower().endswith((".html", ".htm", ".shtml")) and len(segments) >= 2:
        return True
    return False
