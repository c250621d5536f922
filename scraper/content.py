"""Main-content extraction on an lxml tree.

How it decides (evidence, in order):

1. Pruning. Elements that never hold article prose are dropped in one pass:
   scripts, forms controls, `nav`/`aside`/`footer`, hidden elements, and
   elements whose class/id words are boilerplate vocabulary (share, related,
   comments, newsletter, sidebar, ads, ...). A wrapper that holds most of the
   page text is never dropped for its class alone.
2. Scoring (text density, after Readability's idea). Each paragraph-like
   element of 25+ characters gets a score from its length, its commas and its
   link density; the score goes to its parent in full and to its grandparent
   in half. The best-scoring element (weighted by its own link density) is the
   core of the article.
3. Extent. Siblings of the core that carry comparable scores, or that are
   plain prose paragraphs, join it (articles split into several boxes by ad
   slots); a container that names itself the article body (itemprop
   articleBody, `article`, 'article-body', 'entry-content', ...) and holds the
   core plus more prose is preferred to the bare core.
4. Layout. The chosen nodes are walked in document order into paragraphs
   (blocks split at block elements and `<br>`); images are handed to
   `scraper.images`; link-heavy blocks, captions, bylines/date lines, file
   names and boilerplate lines are left out (jusText-style context: short
   lines count only between prose).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from . import images as imgs
from .dom import BLOCK_TAGS, HEADING_TAGS, class_id, clean_text, descendant_imgs, strip_controls
from .model import Image

__all__ = ["Body", "extract_body", "prune"]

# --- vocabularies ---------------------------------------------------------------
_DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "button", "input",
    "select", "textarea", "option", "canvas", "map", "link", "meta", "head", "title", "math", "audio",
    "video", "dialog", "label",
})
_DROP_TAGS_TUPLE = tuple(_DROP_TAGS)
# quoted posts (tweets, Instagram) embedded in a story are part of its text
_EMBED_RE = re.compile(r"twitter-tweet|tweet-embed|embed-tweet|social-media-embed|instagram-media|social-embed|"
                       r"[\s_-]tweet(?:$|[\s_-])")
# Structural boilerplate: dropped unless they hold most of the page's text.
_STRUCT_TAGS = frozenset({"nav", "aside", "footer", "header", "form", "menu"})
_TABLE_PARTS = frozenset({"tr", "td", "th", "tbody", "thead", "tfoot"})

# Strong boilerplate words: such an element is dropped unless it holds most of the page.
_STRONG_WORDS = (
    "nav", "navbar", "navigation", "menu", "menus", "breadcrumb", "breadcrumbs", "crumbs", "share", "shares",
    "sharing", "sharebar", "share-bar", "social", "socials", "related", "relatedposts", "recommended",
    "recommendations", "comment", "comments", "commenting", "footer", "sidebar", "side-bar", "sidenav",
    "promo", "promotion", "newsletter", "newsletters", "subscribe", "subscription", "signup", "sign-up",
    "ad", "ads", "adv", "advert", "adverts", "advertisement", "advertising", "advertorial", "sponsor", "sponsored",
    "banner", "popup", "pop-up", "cookie", "cookies", "consent", "gdpr", "outbrain", "taboola",
    "more-stories", "read-next", "trending", "most-read", "mostread", "most-popular", "pagination", "pager",
    "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "login", "signin",
    "donate", "donation", "recirc", "recirculation", "see-also", "also-read", "inline-related", "story-related",
    "top-stories", "signup-form", "mailing-list", "optin", "opt-in",
    "subscribe-box", "app-promo", "author-bio", "author-info", "authorinfo", "author-box", "tag-list",
    "taglist", "tags", "byline", "bylines", "dateline", "post-meta", "entry-meta", "article-meta",
    "contribution", "contributions", "support-us", "membership", "most-read-stories",
    "hidden", "d-none", "is-hidden", "hide", "popover", "tooltip", "fact-check-popover",
    "display-card", "article-card", "story-card", "teaser-card", "related-card", "card-list", "cards",
)
# Weak words: dropped only when the element holds little prose.
_WEAK_WORDS = (
    "foot", "modal", "widget", "widgets", "keywords", "topics", "meta", "metadata", "timestamp", "read-more",
    "readmore", "popular", "toolbar", "tools", "print", "skip", "cta", "masthead",
    "headline", "disclaimer", "rating", "reactions", "teaser", "teasers", "list-links", "linklist", "feedback",
    "jump", "toc", "table-of-contents", "copyright", "author", "authors", "contributor", "sticky", "follow",
    "next-article", "prev-next", "next-prev", "ticker", "right-rail", "left-rail", "carousel", "slider", "gallery-thumbs",
    "thumbnails", "podcast", "player", "audio", "video-player", "links", "tease", "kicker",
    "utility", "utilities", "actions", "action-bar", "email", "infobox", "header", "hero", "aside",
)


def _word_re(words) -> re.Pattern[str]:
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(r"(?:^|[\s_-])(?:" + alt + r")(?:$|[\s_-])")


_STRONG_RE = _word_re(_STRONG_WORDS)
_WEAK_RE = _word_re(_WEAK_WORDS)
# CamelCase / glued ids (relatedArticles, commentsList, shareTools)
_NEG_PREFIX_RE = re.compile(r"(?:^|[\s_-])(?:related|recommend|newsletter|breadcrumb|taboola|outbrain|sharing|"
                            r"socialshare|social-share|sharetools|sidebar|disqus|subscribe(?!r)|comment-?list|"
                            r"comments?(?:section|area|wrap|container|block|box)|relatedarticles|moreon|"
                            r"adslot|adunit|adcontainer|advert|sponsored|promo|cookie)")
# Words that say "this may be the content wrapper" (Readability's okMaybeItsACandidate).
_MAYBE_RE = re.compile(r"(?:^|[\s_-])(?:article|body|content|main|story|entry|post|column|text|shadow)")
_POS_RE = re.compile(r"article[-_]?body|articlebody|article[-_]?content|article[-_]?text|post[-_]?body|"
                     r"post[-_]?content|entry[-_]?content|entry[-_]?body|story[-_]?body|story[-_]?content|"
                     r"story[-_]?text|body[-_]?text|main[-_]?content|content[-_]?body|article__body|"
                     r"articletext|newsbody|news[-_]?content|detail[-_]?content|text[-_]?content|"
                     r"rich[-_]?text|prose|markdown|page[-_]?content|single[-_]?content|blog[-_]?post")
_BODY_HINT_XPATH = (
    "//*[@itemprop='articleBody' or @itemprop='articlebody' or @property='articleBody' "
    "or @data-testid='article-body' or @data-component='text-block' or self::article]"
)

# Lines that are boilerplate whatever their container.
_JUNK_LINE = re.compile(
    r"^(?:advertisement|advertising|sponsored(?: content)?|ad|story continues below(?: advertisement)?|"
    r"continue reading(?: below| the main story)?|read more|(?:read more|see also|related|also read|recommended|"
    r"more|read next|watch|listen|image|photo|video|picture|photo credit|image credit|source)\s?:.{0,160}|"
    r"share(?: this)?(?: (?:article|story|post|page))?|share on \w+|tweet|email|print|comments?|\d+ comments?|"
    r"click here.{0,100}|sign up (?:for|to) .{0,160}|subscribe (?:to|for|now).{0,160}|follow us.{0,120}|"
    r"loading\W*|skip (?:to )?(?:main )?(?:content|ad)|back to top|top of page|next|previous|"
    r"subscribe|sign up|sign in|log ?in|register|newsletter|tl;?dr|comments are closed\.?|"
    r"(?:about the author|related stories|related articles|more stories|recommended stories|you may also like|"
    r"you (?:might|may) (?:also )?like|most popular|trending now|more from [\w .'’-]{1,40})\W*|"
    r"(?:read the original article|originally published|cross-posted|this (?:story|article) (?:was )?"
    r"(?:originally )?(?:published|appeared)).{0,160}|"
    r"your subscription (?:could not be saved|has been successful).{0,60}|\d+\s*min(?:ute)?s? read\b.{0,40}|"
    r"thanks? (?:you )?for reading\W*|"
    r"getty images|ap photo.{0,60}|all rights reserved.{0,80}|copyright\b.{0,120}|©.{0,120}|"
    r"(?:updated|published|posted|last (?:updated|modified))\s?:.{0,60}|"
    r"\d{1,2}:\d{2}(?: ?[ap]\.?m\.?)?(?: [A-Z]{2,4})?)$",
    re.IGNORECASE,
)
# Short lines that are promos, legal notes or contact lines wherever the words sit.
_PROMO_ANY = re.compile(
    r"\b(?:sign(?:ing)? up|subscrib(?:e|ing))\b.{0,120}\b(?:newsletters?|inbox|e-?mails?|for free|free daily)\b|"
    r"\b(?:newsletters?|inbox)\b.{0,80}\b(?:sign up|subscribe)\b|"
    r"\b(?:direct|straight|delivered|sent)(?: (?:to|into))? your inbox\b|"
    r"\ball rights reserved\b|\bsubject to copyright\b|\bretrieved \d{1,2} \w+ \d{4} from\b|"
    r"\b(?:contact|reach|reached|email|e-mail|tips?)\b.{0,80}\b[\w.+-]+@[\w-]+\.[\w.]+|"
    r"[\w.+-]+@[\w-]+\.[\w.]+.{0,80}\b(?:follow (?:him|her|them|us|me)|on twitter)\b",
    re.IGNORECASE,
)
# every match of _PROMO_ANY / _CAPTION_CREDIT holds one of these (lower-cased)
_PROMO_WORDS = ("sign", "subscrib", "newsletter", "inbox", "rights reserved", "copyright", "retrieved", "@")
_CREDIT_WORDS = ("photo", "image", "picture", "credit")
# reference notes closing science news: not the story
_LABEL_LINE = re.compile(r"^(?:journal information|citation)\s?:", re.IGNORECASE)
# a stray caption in the text flow: it ends with a photo credit
_CAPTION_CREDIT = re.compile(
    r"(?:[\[(（【]\s*(?:photos?|images?|pictures?)\s*(?:by\s+)?[/:：|][^\[\]()]{1,80}[\])）】]|"
    r"[\[(]\s*(?:photo|image|picture)?\s*credits?\s*:[^\[\]()]{1,80}[\])]|"
    r"(?:^|[\s.])(?:photo(?:graph)?|credit|image|picture)\s*(?:credit)?\s*:\s*[^:.]{1,80})\.?\s*$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:by|written by|words by|reporting by|von|par|por)\s+[\w.'’ -]{2,60}"
                     r"(?:(?:,|\band\b|\|)[\w.'’ -]{0,60}){0,3}$", re.IGNORECASE)
_DATE = (r"(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|"
         r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}|"
         r"\d{1,2}\.? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{4})")
# a line that starts with a date (and maybe a label) and says little else
_DATE_LINE = re.compile(
    r"^\W*(?:updated|published|posted|modified|created|更新时间|发布时间|来源)?\W*" + _DATE + r"(?:[^.!?。]{0,100})$",
    re.IGNORECASE,
)
# short lines carrying a year and a clock time ("Monday, 22 October 2010 at 20:13")
_STAMP_LINE = re.compile(r"^(?=.{0,90}$)(?=.*\b(?:19|20)\d{2}\b)(?=.*\b\d{1,2}[:h]\d{2}\b)[^.!?。]*$")
_FILE_NAME = re.compile(r"^[\w\s.()\u4e00-\u9fff-]{0,120}\.(?:jpe?g|png|gif|webp|bmp|tiff?)$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?。！？…\"”’):;]\s*$")
_CAPTION_RE = re.compile(r"caption|cutline|credit|photo-?desc|image-?desc|img-?desc|legend")
_PAGER_RE = re.compile(r"pag(?:e|ing|ination|er)|currpage|page-?nav|pagelist|multipage|page-links|nav-links")
_COMMAS = re.compile(r"[,，、;；]")

_PARA_TAGS = frozenset({"p", "pre", "td", "blockquote", "dd", "li"})
_TEXT_HOLDERS = frozenset({"div", "section", "article", "main", "center", "td", "dd"})
_INLINE_SKIP = frozenset({"sup"})
_UNIT_TAGS = tuple(_PARA_TAGS | _TEXT_HOLDERS)


@dataclass
class Body:
    paragraphs: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    container: object | None = None
    pagers: list = field(default_factory=list)  # pagination boxes seen while pruning


# --- pruning ------------------------------------------------------------------------
_KIND_CACHE: dict[str, int] = {}
_VERDICT_CACHE: dict[str, tuple[int, bool]] = {}


def _class_verdict(cid: str) -> tuple[int, bool]:
    """(boilerplate kind, looks like a pager) for a class/id string, cached."""
    verdict = _VERDICT_CACHE.get(cid)
    if verdict is None:
        verdict = (_negative_kind(cid), bool(_PAGER_RE.search(cid)))
        if len(_VERDICT_CACHE) > 50_000:
            _VERDICT_CACHE.clear()
        _VERDICT_CACHE[cid] = verdict
    return verdict


def _negative_kind(cid: str) -> int:
    """0 = not boilerplate, 1 = weak (drop if little prose), 2 = strong (cached per class string)."""
    kind = _KIND_CACHE.get(cid)
    if kind is None:
        kind = _negative_kind_uncached(cid)
        if len(_KIND_CACHE) > 50_000:
            _KIND_CACHE.clear()
        _KIND_CACHE[cid] = kind
    return kind


def _negative_kind_uncached(cid: str) -> int:
    if _POS_RE.search(cid) or _EMBED_RE.search(cid):
        return 0
    strong = bool(_STRONG_RE.search(cid) or _NEG_PREFIX_RE.search(cid))
    if strong:
        return 1 if _MAYBE_RE.search(cid) else 2
    if _WEAK_RE.search(cid):
        return 1
    return 0


def _is_negative(cid: str) -> bool:
    return _negative_kind(cid) > 0


def _hidden(el) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    if style:
        s = style.replace(" ", "").lower()
        if "display:none" in s or "visibility:hidden" in s:
            return True
    if el.get("aria-hidden") == "true" and el.tag not in ("body", "html", "main", "article"):
        return True
    return False


def _paragraph_units(body) -> list:
    """(element, text, link chars) for every paragraph-like element of 25+ chars under body."""
    units = []
    for el in body.iter(*_UNIT_TAGS):
        tag = el.tag
        if tag in _PARA_TAGS:
            if tag in ("td", "li", "dd", "blockquote") and _has_block_child(el):
                text, ll = _own_text(el)
            else:
                text = clean_text(el.text_content())
                if len(text) < 25:
                    continue
                ll = _link_len(el)
        elif tag in _TEXT_HOLDERS:
            text, ll = _own_text(el)
        else:
            continue
        if len(text) >= 25:
            units.append((el, text, ll))
    return units


_WIDE_CHARS = re.compile("[^\x00-\u2e80]")


def _is_wide(text: str) -> bool:
    """CJK-like text: dense characters, short paragraphs."""
    if text.isascii():
        return False
    return len(_WIDE_CHARS.findall(text, 0, 100)) > 10


def _prose_map(units) -> tuple[dict, int]:
    """Characters of prose (paragraphs of 60+ chars with few links) under each element."""
    prose: dict = {}
    total = 0
    for el, text, ll in units:
        t = len(text)
        if ll > 0.3 * t:
            continue
        wide = _is_wide(text)
        if t < (25 if wide else 60):
            continue
        if wide:
            t *= 2
        total += t
        prose[el] = prose.get(el, 0) + t
        for anc in el.iterancestors():
            prose[anc] = prose.get(anc, 0) + t
    return prose, total


def prune(root, extra_remove: list | None = None, pagers: list | None = None) -> list:
    """Drop boilerplate subtrees in place (see module doc, step 1).

    Returns the paragraph units that survive; pagination boxes met on the way
    are appended to `pagers` (they are pruned, but multipage wants them)."""
    body = root.find("body")
    if body is None:
        body = root
    # first what never holds prose, so that text measures below see no script text
    etree.strip_elements(body, *_DROP_TAGS_TUPLE, with_tail=False)
    if extra_remove:
        for el in extra_remove:
            if el.getparent() is not None:
                _drop(el)
    units = _paragraph_units(body)
    prose, total = _prose_map(units)
    to_remove = []
    struct_tags = _STRUCT_TAGS
    verdict_cache = _VERDICT_CACHE
    for el in body.iterdescendants(etree.Element):
        # (a Python walk with attribute look-ups is cheaper than the equivalent XPath)
        get = el.get
        tag = el.tag
        c = get("class")
        i = get("id")
        if c is None and i is None and tag not in struct_tags and get("style") is None and \
                get("hidden") is None and get("role") is None and get("aria-hidden") is None:
            continue
        cid = (c + " " + i).lower() if c and i else (c or i or "").lower()
        if cid:
            verdict = verdict_cache.get(cid)
            kind, pager = verdict if verdict is not None else _class_verdict(cid)
            if pager and pagers is not None:
                pagers.append(el)
        else:
            kind = 0
        if tag in struct_tags:
            to_remove.append((el, 2))
            continue
        if kind:
            if kind == 1 and tag in _TABLE_PARTS:
                continue  # a weak word on a table row ("player-2020", "meta") describes the data
            to_remove.append((el, kind))
            continue
        if _hidden(el):  # paywalled text is often hidden but present: keep its prose
            to_remove.append((el, 3))
            continue
        role = get("role")
        if role in ("navigation", "complementary", "contentinfo", "banner", "menu", "menubar", "dialog",
                    "alert", "search", "toolbar"):
            to_remove.append((el, 2))
    removed: set = set()
    for el, kind in to_remove:
        mine = prose.get(el, 0)
        if mine:
            # never drop the holder of most of the page's prose for its name alone
            if kind == 2 and mine > 0.5 * total:
                continue
            if kind == 1 and (mine >= 400 or mine > 0.3 * total):
                continue
            if kind == 3 and mine >= 80:
                continue
        if el.getparent() is None:
            continue
        # (an element inside an already removed subtree is dropped again: harmless)
        removed.add(el)
        _drop(el)
    if not removed:
        return units
    # the units still in the tree (one pass over its paragraph-like elements)
    present = set(body.iter(*_UNIT_TAGS))
    return [unit for unit in units if unit[0] in present]


def _drop(el) -> None:
    """Remove el but keep its tail text in the flow."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


# --- scoring ------------------------------------------------------------------------------
def _link_len(el) -> int:
    n = 0
    for a in el.iter("a"):
        n += len(" ".join(a.text_content().split()))
    return n


def _has_block_child(el) -> bool:
    for c in el:
        if isinstance(c.tag, str) and c.tag in BLOCK_TAGS and c.tag != "br":
            return True
    return False


def _own_text(el) -> tuple[str, int]:
    """Text an element holds itself: its text, inline children, and tails of block children."""
    parts = [el.text or ""]
    links = 0
    for c in el:
        tag = c.tag
        if isinstance(tag, str) and tag not in BLOCK_TAGS:
            t = c.text_content()
            parts.append(t)
            if tag == "a":
                links += len(t.strip())
            else:
                for a in c.iter("a"):
                    links += len((a.text_content() or "").strip())
        parts.append(c.tail or "")
    return clean_text(" ".join(parts)), links


def _score_nodes(units) -> dict:
    scores: dict = {}
    for el, text, ll in units:
        tag = el.tag
        parent = el.getparent()
        if parent is not None and parent.tag in ("figcaption", "figure", "caption"):
            continue
        t = len(text)
        ld = min(ll / t, 1.0)
        if ld > 0.5:
            continue
        length_units = t / (40 if _is_wide(text) else 100)
        score = (1 + len(_COMMAS.findall(text)) + min(length_units, 3)) * (1 - ld)
        if tag == "li":
            score *= 0.5
        if tag in _TEXT_HOLDERS and tag not in _PARA_TAGS:
            # a div holding text itself scores for itself and its parent
            scores[el] = scores.get(el, 0.0) + score
        level = 1.0
        while parent is not None and level > 0.2:
            scores[parent] = scores.get(parent, 0.0) + score * level
            parent = parent.getparent()
            level = 0.5 if level == 1.0 else level / 3
    return scores


def _node_stats(el) -> tuple[int, float]:
    text = clean_text(el.text_content())
    t = len(text)
    return t, (_link_len(el) / t if t else 1.0)


def _best_candidate(body, scores):
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[:8]
    best, best_score = None, -1.0
    for el, s in ranked:
        if el.tag in ("html",):
            continue
        t, ld = _node_stats(el)
        s2 = s * (1 - ld)
        if s2 > best_score:
            best, best_score = el, s2
    return best


def _looks_like_prose(el) -> bool:
    t, ld = _node_stats(el)
    if t > 80 and ld < 0.25:
        return True
    if 0 < t <= 80 and ld == 0 and _SENTENCE_END.search(clean_text(el.text_content())):
        return True
    return False


def _select_nodes(best, scores) -> list:
    """The core candidate plus its qualifying siblings, in document order."""
    parent = best.getparent()
    if parent is None or best.tag == "body":
        return [best]
    best_score = scores.get(best, 0.0)
    threshold = max(10.0, best_score * 0.2)
    cid_best = best.get("class")
    chosen = []
    for sib in parent:
        if not isinstance(sib.tag, str):
            continue
        if sib is best:
            chosen.append(sib)
            continue
        bonus = best_score * 0.2 if (cid_best and sib.get("class") == cid_best) else 0.0
        s = scores.get(sib, 0.0) + bonus
        if s >= threshold:
            t, ld = _node_stats(sib)
            if ld < 0.4:
                chosen.append(sib)
                continue
        if sib.tag in ("p", "blockquote", "pre") and _looks_like_prose(sib):
            chosen.append(sib)
            continue
        if sib.tag in HEADING_TAGS or sib.tag in ("ul", "ol", "figure", "table", "div"):
            chosen.append((sib,))  # tentative: kept only between chosen nodes
    # keep tentative nodes only when they sit between two chosen nodes
    firm_idx = [i for i, c in enumerate(chosen) if not isinstance(c, tuple)]
    if not firm_idx:
        return [best]
    lo, hi = firm_idx[0], firm_idx[-1]
    out = []
    for i, c in enumerate(chosen):
        if isinstance(c, tuple):
            if lo < i < hi:
                node = c[0]
                if node.tag in HEADING_TAGS or node.tag == "figure" or _ok_list(node) or node.tag == "div" and \
                        _div_between_ok(node):
                    out.append(node)
        else:
            out.append(c)
    return out


def _add_twins(nodes, best, scores, root) -> list:
    """Articles cut into several boxes of the same kind (ad slots between them): take all boxes."""
    anchor = nodes[0] if len(nodes) == 1 else best
    cls = anchor.get("class")
    if not cls and len(nodes) == 1:
        # a bare core (a <ul> in a box of its own): a classed box holding just it, with
        # twins elsewhere in the page, is the unit
        t_anchor = _node_stats(anchor)[0]
        up = anchor.getparent()
        floor = max(1.5, 0.12 * scores.get(best, 0.0))
        for _ in range(4):
            if up is None or up.tag in ("body", "html") or _node_stats(up)[0] > 1.1 * t_anchor + 20:
                break
            up_cls = up.get("class")
            if up_cls and any(el is not up and el.tag == up.tag and el.get("class") == up_cls and sc >= floor
                              for el, sc in scores.items()):
                anchor, cls = up, up_cls
                nodes = [up]
                break
            up = up.getparent()
    if not cls:
        return nodes
    floor = max(1.5, 0.12 * scores.get(best, 0.0))
    twins = []
    for el, sc in scores.items():
        if el is anchor or el.tag != anchor.tag or sc < floor:
            continue
        if el.get("class") != cls and not _same_kind(el.get("class"), cls):
            continue
        twins.append(el)
    if not twins:
        return nodes
    chosen = list(nodes)
    for el in twins:
        overlap = False
        for n in chosen:
            if _contains(n, el) or _contains(el, n):
                overlap = True
                break
        if not overlap:
            t, ld = _node_stats(el)
            if ld < 0.35:
                chosen.append(el)
    if len(chosen) == len(nodes):
        return nodes
    if len(chosen) >= 3:
        # a list of many boxes (listicle items): their common container carries the item headings too
        lca = _common_ancestor(chosen)
        if lca is not None and lca.tag not in ("body", "html"):
            t_lca, ld_lca = _node_stats(lca)
            t_twins = sum(_node_stats(el)[0] for el in chosen)
            if ld_lca < 0.3 and t_lca <= 1.5 * t_twins:
                return [lca]
    order = {el: i for i, el in enumerate(root.iter(etree.Element))}
    chosen.sort(key=lambda e: order.get(e, 0))
    return chosen


def _same_kind(a: str | None, b: str) -> bool:
    """Class lists of the same kind of box, one with extra modifier words
    ("article-body-text component" / "article-body-text component version-2"), named as a body."""
    if not a:
        return False
    ta, tb = set(a.split()), set(b.split())
    small = ta if len(ta) <= len(tb) else tb
    return (ta <= tb or tb <= ta) and bool(_POS_RE.search(" ".join(small).lower()))


def _common_ancestor(nodes):
    paths = []
    for n in nodes:
        path = [n] + list(n.iterancestors())
        paths.append(path[::-1])
    common = None
    for level in zip(*paths):
        first = level[0]
        if all(x is first for x in level):
            common = first
        else:
            break
    return common


def _contains(a, b) -> bool:
    """Is b inside a (or a itself)?"""
    node = b
    while node is not None:
        if node is a:
            return True
        node = node.getparent()
    return False


def _ok_list(node) -> bool:
    if node.tag not in ("ul", "ol", "table"):
        return False
    t, ld = _node_stats(node)
    return t > 0 and ld < 0.3


def _div_between_ok(node) -> bool:
    t, ld = _node_stats(node)
    return 0 < t < 400 and ld < 0.2 or bool(descendant_imgs(node))


def _prefer_named_body(best, body):
    """A self-declared article-body container holding the core (and more prose) wins."""
    anc = best
    depth = 0
    while anc is not None and anc is not body and depth < 6:
        if anc.tag == "article" or anc.get("itemprop", "").lower() == "articlebody":
            return anc
        cid = class_id(anc)
        if cid and _POS_RE.search(cid) and not _is_negative(cid):
            return anc
        anc = anc.getparent()
        depth += 1
    return None


# --- layout ----------------------------------------------------------------------------------
class _Walker:
    __slots__ = ("items", "buf", "links", "base_url", "in_link", "consumed", "block_tag", "heading", "depth")

    def __init__(self, base_url):
        self.items: list = []  # ("p", text, link_chars, tag) | ("img", Image)
        self.buf: list[str] = []
        self.links = 0
        self.base_url = base_url
        self.in_link = 0
        self.consumed: set = set()
        self.block_tag = "p"
        self.depth = 0

    def flush(self):
        if self.buf:
            text = strip_controls(clean_text("".join(self.buf)))
            if text:
                self.items.append(("p", text, self.links, self.block_tag))
        self.buf = []
        self.links = 0

    def add(self, s):
        if s:
            self.buf.append(s)
            if self.in_link:
                self.links += len(s.strip())

    def image(self, image, inline=False):
        if image is not None:
            if not (inline and "".join(self.buf).strip()):
                self.flush()
            self.items.append(("img", image))

    def walk(self, el):
        tag = el.tag
        if not isinstance(tag, str):
            self.add(el.tail)
            return
        if el in self.consumed:
            self.add(el.tail)
            return
        self.depth += 1
        try:
            if self.depth > 180:  # absurd nesting: take the text flat
                self.add(el.text_content())
            elif tag == "br":
                self.flush()
            elif tag in ("img", "picture"):
                self.image(imgs.image_from_img(el, self.base_url), inline=True)
            elif tag in ("td", "th"):
                self.add(" ")  # cells of a row read as one line
                self.add(el.text)
                for child in el:
                    self.walk(child)
                self.add(" ")
            elif tag == "h1":
                pass  # the headline is metadata, not body
            elif imgs.is_figure_like(el):
                self.image(imgs.image_from_figure(el, self.base_url))
            elif tag in _INLINE_SKIP and len(el.text_content()) < 6:
                pass
            elif tag == "figure" or (tag in BLOCK_TAGS and _CAPTION_RE.search(class_id(el))
                                     and len(el.text_content()) < 400):
                pass  # a figure without an image, or a stray caption: not body text
            elif tag in BLOCK_TAGS:
                if imgs.is_image_only(el):
                    self._image_paragraph(el)
                else:
                    self._block(el, tag)
            else:
                if tag == "a":
                    self.in_link += 1
                self.add(el.text)
                for child in el:
                    self.walk(child)
                if tag == "a":
                    self.in_link -= 1
        finally:
            self.depth -= 1
        self.add(el.tail)

    def _block(self, el, tag):
        self.flush()
        outer = self.block_tag
        if tag in HEADING_TAGS or tag in ("li", "blockquote", "pre", "td", "th", "dt", "dd", "figcaption",
                                          "caption"):
            self.block_tag = tag
        elif tag == "p":
            self.block_tag = "p" if outer not in ("li", "blockquote", "td") else outer
        self.add(el.text)
        for child in el:
            self.walk(child)
        self.flush()
        self.block_tag = outer

    def _image_paragraph(self, el):
        img = descendant_imgs(el)[0]
        nxt = el.getnext()
        caption = ""
        if nxt is not None and not (el.tail or "").strip() and imgs.is_caption_paragraph(nxt, el):
            caption = clean_text(nxt.text_content())
            self.consumed.add(nxt)
        self.image(imgs.image_from_img(img, self.base_url, caption))


def _is_junk_paragraph(text: str, links: int, tag: str) -> bool:
    n = len(text)
    if links and links >= 0.6 * n:
        return True
    if _FILE_NAME.match(text):
        return True
    if n < 160 and (_JUNK_LINE.match(text) or _DATE_LINE.match(text) or _STAMP_LINE.match(text)):
        return True
    if n < 600 and _LABEL_LINE.match(text):
        return True
    if n < 300:
        # cheap word tests first: the two searches below are the costly ones
        low = text.lower()
        if any(w in low for w in _PROMO_WORDS) and _PROMO_ANY.search(text):
            return True
        if any(w in low for w in _CREDIT_WORDS) and _CAPTION_CREDIT.search(text):
            return True
    if n < 100 and _BYLINE.match(text) and not _SENTENCE_END.search(text):
        return True
    if tag in ("figcaption", "caption"):
        return True
    return False


def _finish(items) -> tuple[list[str], list[Image]]:
    """Filter the walked items into body paragraphs and positioned images."""
    keep = []
    for i, it in enumerate(items):
        if it[0] == "img":
            keep.append(it)
            continue
        _, text, links, tag = it
        if _is_junk_paragraph(text, links, tag):
            # a linked heading (listicle entry) that introduces prose is still a heading
            if not (tag in HEADING_TAGS and len(text) < 120 and _prose_follows(items, i)):
                continue
        keep.append(it)
    _drop_trailing_link_list(keep)
    _drop_trailing_bio(keep)
    # trim leading/trailing short non-sentence lines (kickers, datelines, sign-offs)
    paras = [i for i, it in enumerate(keep) if it[0] == "p"]

    def weak(it):
        text = it[1]
        return len(text) < 50 and not _SENTENCE_END.search(text) and it[3] not in HEADING_TAGS

    while paras and weak(keep[paras[-1]]):
        keep.pop(paras.pop())
    while paras and weak(keep[paras[0]]):
        keep.pop(paras[0])
        paras = [i for i, it in enumerate(keep) if it[0] == "p"]
    paragraphs: list[str] = []
    images: list[Image] = []
    seen_src = set()
    for it in keep:
        if it[0] == "img":
            image = it[1]
            if image.src in seen_src:
                continue
            seen_src.add(image.src)
            image.position = len(paragraphs)
            images.append(image)
        else:
            paragraphs.append(it[1])
    return paragraphs, images


def _prose_follows(items, i) -> bool:
    sub_heading = False
    for it in items[i + 1:i + 4]:
        if it[0] == "img":
            continue
        _, text, links, tag = it
        if tag in HEADING_TAGS and not sub_heading and not links and len(text) < 80:
            sub_heading = True  # a plain sub-heading (an address, a date) between entry and prose
            continue
        return tag not in HEADING_TAGS and len(text) >= 80 and links < 0.3 * len(text)
    return False


# "Jane Doe is a senior editor at X covering ...": the author's bio box closing the page
_BIO_LINE = re.compile(
    r"^(?:[A-Z][\w.'’-]+ ){1,3}(?:is|was|has been|covers|writes)\b.{0,80}\b(?:editor|writer|reporter|"
    r"correspondent|journalist|contributor|columnist|producer)\b", re.IGNORECASE)


def _drop_trailing_bio(keep: list) -> None:
    """An author bio as the last paragraph (after the story) is not body text."""
    for i in range(len(keep) - 1, -1, -1):
        it = keep[i]
        if it[0] != "p":
            continue
        text = it[1]
        if len(text) < 600 and _BIO_LINE.match(text) and it[3] not in HEADING_TAGS:
            del keep[i]
        return


def _drop_trailing_link_list(keep: list) -> None:
    """A run of short linked list items closing the body is a 'more stories' box, with its heading."""
    idx = [i for i, it in enumerate(keep) if it[0] == "p"]
    run = []
    for i in reversed(idx):
        _, text, links, tag = keep[i]
        if tag == "li" and links > 0 and len(text) < 160:
            run.append(i)
        else:
            break
    if len(run) < 3:
        return
    first = run[-1]
    drop = set(run)
    prev = [i for i in idx if i < first]
    if prev:
        _, text, links, tag = keep[prev[-1]]
        if len(text) < 70 and not _SENTENCE_END.search(text.rstrip(":")) or tag in HEADING_TAGS:
            drop.add(prev[-1])
    keep[:] = [it for i, it in enumerate(keep) if i not in drop]


def extract_body(root, url: str | None = None, profile=None) -> Body:
    """Find the article body under root (modified in place) and lay it out."""
    out = Body()
    body = root.find("body") if root.tag == "html" else root
    if body is None:
        body = root
    nodes = None
    extra_remove = []
    if profile is not None:
        extra_remove = profile.select_remove(root)
    units = prune(root, extra_remove=extra_remove, pagers=out.pagers)
    if profile is not None:
        found = profile.select_body(root)
        if found:
            nodes = found
    if nodes is None:
        scores = _score_nodes(units)
        best = _best_candidate(body, scores)
        if best is None:
            out.warnings.append("no body: no paragraph-like text block found on the page")
            return out
        named = _prefer_named_body(best, body)
        if named is not None and named is not best:
            nodes = [named]
        else:
            nodes = _select_nodes(best, scores)
        nodes = _add_twins(nodes, best, scores, root)
    walker = _Walker(url)
    try:
        for node in nodes:
            walker.walk(node)
        walker.flush()
    except RecursionError:
        walker.flush()
        out.warnings.append("body: nesting too deep, text may be incomplete")
    out.paragraphs, out.images = _finish(walker.items)
    out.container = nodes[0] if nodes else None
    if not out.paragraphs:
        out.warnings.append("no body: the chosen block had no paragraph text")
    return out
