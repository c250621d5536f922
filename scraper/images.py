"""Body images with the caption and credit tied to each.

The content walker (`scraper.content`) calls into this module whenever it
meets an image-bearing node inside the article body: a `figure`, a WordPress
`wp-caption` box, a `picture`, a bare `img`, or an image-only paragraph whose
next sibling is a caption paragraph (common CMS layout). Credits are split
off captions with a small, declarative table of patterns (`CREDIT_PATTERNS`).
"""
from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree

from .dom import class_id, clean_text, descendant_imgs, is_element
from .model import Image

__all__ = ["CREDIT_PATTERNS", "split_credit", "image_src", "is_junk_image", "image_from_figure",
           "image_from_img", "is_caption_paragraph", "is_image_only", "is_figure_like"]

# --- credits -----------------------------------------------------------------
# Each pattern must match at the END (or, for prefix forms, the START) of a
# caption and capture the credit in the group named `credit`. Tried in order;
# the first match wins. Patterns are data: add a line, not a branch.
CREDIT_PATTERNS: tuple[re.Pattern[str], ...] = tuple(re.compile(p, re.IGNORECASE) for p in (
    # [Photo/WeChat account: BSC], [Photo/VCG], [Photo by Li Ming/China Daily]
    r"[\[【(（]\s*(?:photos?|images?|pictures?|video|graphic|illustration)\s*(?:by\s+)?[/:：|]\s*(?P<credit>[^\[\]【】()（）]{1,120}?)\s*[\]】)）]\s*$",
    r"[\[【(（]\s*(?:photos?|images?|pictures?)\s+by\s+(?P<credit>[^\[\]【】()（）]{1,120}?)\s*[\]】)）]\s*$",
    # [Provided to China Daily], [Courtesy of X]
    r"[\[【(（]\s*(?P<credit>(?:provided\s+to|provided\s+by|courtesy\s+of|courtesy)\s+[^\[\]【】()（）]{1,120}?)\s*[\]】)）]\s*$",
    # (Reuters), (AP Photo/John Doe), [Xinhua]
    r"[\[(（]\s*(?P<credit>(?:AP|AFP|Reuters|Xinhua|EPA|Getty Images|Getty|Shutterstock|VCG|IC|CNS|Bloomberg|"
    r"PA|PA Images|PA Wire|dpa|ANSA|Kyodo|Yonhap|AAP|Alamy|NurPhoto|SOPA Images|Sipa|Zuma|UPI|CFP|Imaginechina)"
    r"(?:\s+(?:Photo|Images?|Pictures?))?(?:\s*/\s*[^\[\]()（）]{1,80})?)\s*[\])）]\s*$",
    # ... Photo: X / Photograph: X / Credit: X / Image: X / Picture: X (at the end)
    r"(?:^|[\s.;,|–—-])(?:photo(?:graph)?s?|credit|image|picture|source|foto|illustration)\s*(?:credit)?\s*[:：]\s*(?P<credit>[^:：]{1,120}?)\s*\.?$",
    # ... Photo by X. / Photograph by X
    r"(?:^|[\s.;,|–—-])(?:photo(?:graph)?s?|picture|image)\s+by\s+(?P<credit>[^.]{1,100}?)\s*\.?$",
    # "... in Paris. / AFP", "... | Getty Images", "— Reuters"
    r"(?:\s[/|–—-]\s*|\s)(?P<credit>(?:[A-Z][\w.'-]*\s){0,3}?(?:AFP|AP|Reuters|Xinhua|EPA|Getty Images|Shutterstock|"
    r"Bloomberg|VCG|AAP|Alamy|dpa|ANSA|Kyodo|Yonhap|UPI)(?:\s+via\s+Getty\s+Images)?)\s*\.?$",
))
# The last pattern (a bare agency name at the end) needs a visible separator
# before it ('/', '|', a dash), checked in `split_credit`.
_AGENCY_TAIL = CREDIT_PATTERNS[-1]


def split_credit(caption: str) -> tuple[str, str]:
    """Split 'text [Photo/VCG]' into ('text', 'VCG'). Returns (caption, '') if none."""
    caption = clean_text(caption)
    if not caption:
        return "", ""
    for pattern in CREDIT_PATTERNS:
        m = pattern.search(caption)
        if not m:
            continue
        credit = m.group("credit").strip(" .;,|/–—-")
        if not credit:
            continue
        if pattern is _AGENCY_TAIL:
            sep = caption[: m.start("credit")].rstrip()
            # a trailing agency name needs a visible separator ('/', '|', dash)
            if not sep or sep[-1] not in "/|–—-":
                continue
        rest = caption[: m.start()].rstrip(" /|–—-:;,")
        return rest, credit
    return caption, ""


# --- image sources -----------------------------------------------------------
_LAZY_ATTRS = ("data-src", "data-original", "data-lazy-src", "data-lazy", "data-url", "data-hi-res-src",
               "data-full-src", "data-srcset", "data-lazy-srcset", "src", "srcset")
_PLACEHOLDER = re.compile(r"^data:|blank\.(gif|png)|spacer\.gif|placeholder|transparent\.(gif|png)|pixel\.gif|1x1",
                          re.IGNORECASE)
_JUNK_WORDS = re.compile(r"logo|icon|avatar|sprite|emoji|badge|spinner|loader|gravatar|pixel|tracking|beacon|"
                         r"\bads?\b|doubleclick|/ad[sv]?/|share|button|social|facebook\.com/tr",
                         re.IGNORECASE)
_SRCSET_ITEM = re.compile(r"\s*(\S+?)(?:\s+(\d+(?:\.\d+)?)([wx]))?\s*(?:,|$)")


def _largest_from_srcset(srcset: str) -> str | None:
    best, best_size = None, -1.0
    for m in _SRCSET_ITEM.finditer(srcset):
        url = m.group(1)
        if not url or url.startswith("data:"):
            continue
        size = float(m.group(2)) if m.group(2) else 1.0
        if m.group(3) == "x":
            size *= 1000  # density descriptors: 2x beats 1x; keep them comparable
        if size > best_size:
            best, best_size = url, size
    return best


def image_src(img, base_url: str | None = None) -> str | None:
    """The best URL for an <img> (or <picture>/<source>): lazy attributes, largest srcset."""
    candidates: list[str] = []
    pic = None
    if img.tag == "picture":
        pic = img
    else:  # libxml2 does not know <source> is void: <img> may sit inside it
        for anc in img.iterancestors():
            if anc.tag == "picture":
                pic = anc
                break
            if anc.tag not in ("source", "a", "span"):
                break
    if pic is not None:
        for source in pic.iter("source"):
            srcset = source.get("srcset") or source.get("data-srcset")
            if srcset:
                best = _largest_from_srcset(srcset)
                if best:
                    candidates.append(best)
        imgs = [img] if img.tag == "img" else list(pic.iter("img"))
    else:
        imgs = [img]
    for im in imgs:
        for attr in ("srcset", "data-srcset", "data-lazy-srcset"):
            srcset = im.get(attr)
            if srcset:
                best = _largest_from_srcset(srcset)
                if best:
                    candidates.insert(0, best)
        for attr in _LAZY_ATTRS:
            if attr.endswith("srcset"):
                continue
            value = (im.get(attr) or "").strip()
            if value and not _PLACEHOLDER.search(value):
                candidates.append(value)
    for value in candidates:
        value = value.strip()
        if not value or value.startswith(("data:", "javascript:")):
            continue
        if base_url:
            try:
                value = urljoin(base_url, value)
            except ValueError:
                continue
        return value
    return None


def _dimension(value: str | None) -> int | None:
    if not value:
        return None
    m = re.match(r"\s*(\d+)", value)
    return int(m.group(1)) if m else None


def is_junk_image(img, src: str) -> bool:
    """Logos, icons, avatars, tracking pixels and sprites are not article images."""
    w, h = _dimension(img.get("width")), _dimension(img.get("height"))
    if (w is not None and w < 50) or (h is not None and h < 50):
        return True
    low = src.lower()
    if low.split("?")[0].endswith(".svg"):  # vector art on news pages: icons, sprites, logos
        return True
    path = low.split("?")[0].rsplit("/", 1)[-1]
    if _JUNK_WORDS.search(class_id(img)) or _JUNK_WORDS.search(path):
        return True
    alt = (img.get("alt") or "").lower()
    return alt in ("logo", "icon", "avatar") or alt.endswith((" logo", " icon", " avatar"))


# --- caption discovery ---------------------------------------------------------
_DESC_PS = etree.XPath(".//p")
_CAPTION_CLASS = re.compile(r"caption|figcaption|wp-caption-text|legend|img-desc|image-desc|photo-desc|cutline|"
                            r"imagetext|image-text|pic-info|picinfo", re.IGNORECASE)
_CREDIT_CLASS = re.compile(r"credit|copyright|photographer|byline|source|attribution", re.IGNORECASE)
_FIGURE_CLASS = re.compile(r"(?:^|[\s_-])(?:wp-caption|figure|image|img|photo|picture|media|inline-image)"
                           r"(?:$|[\s_-])", re.IGNORECASE)
_FILE_NAME = re.compile(r"^[\w\s.()\u4e00-\u9fff-]{0,120}\.(?:jpe?g|png|gif|webp|bmp|tiff?)$", re.IGNORECASE)


def is_figure_like(el) -> bool:
    """A figure, or a small box holding one image and a caption element."""
    if el.tag == "figure":
        return True
    if el.tag not in ("div", "span", "section", "table", "p", "dl"):
        return False
    cid = class_id(el)
    if not cid or not (_FIGURE_CLASS.search(cid) or "caption" in cid):
        return False
    imgs = descendant_imgs(el)
    if len(imgs) != 1:
        return False
    # the box must hold little besides the image and a caption
    text_len = len(clean_text(el.text_content()))
    if text_len >= 600 or len(_DESC_PS(el)) > 2:
        return False
    if text_len < 200:
        return True
    return any(_CAPTION_CLASS.search(class_id(n)) or n.tag == "figcaption" for n in el.iterdescendants()
               if is_element(n))


def _caption_parts(el, img) -> tuple[str, str]:
    """Caption and separate credit text found inside a figure-like element."""
    caption_el = None
    credit_texts: list[str] = []
    for node in el.iter():
        if not is_element(node) or node is el:
            continue
        cid = class_id(node)
        if node.tag == "figcaption" or (cid and _CAPTION_CLASS.search(cid)) or node.tag in ("dd", "caption"):
            if caption_el is None:
                caption_el = node
        elif cid and _CREDIT_CLASS.search(cid) and node.tag != "img":
            credit_texts.append(clean_text(node.text_content()))
    caption = ""
    if caption_el is not None:
        # credit elements nested inside the caption are not caption text
        caption = _text_without(caption_el, _CREDIT_CLASS)
        for node in caption_el.iter():
            if is_element(node) and node is not caption_el and _CREDIT_CLASS.search(class_id(node)):
                t = clean_text(node.text_content())
                if t and t not in credit_texts:
                    credit_texts.append(t)
    elif el.tag != "figure":
        caption = _text_without(el, _CREDIT_CLASS)
    credit = " ".join(t for t in credit_texts if t)
    return caption, credit


def _text_without(el, class_re) -> str:
    """Text of el, leaving out descendants whose class/id matches class_re."""
    out: list[str] = []

    def walk(node, depth=0):
        if depth > 60:
            return
        if node.text:
            out.append(node.text)
        for child in node:
            if is_element(child) and class_re.search(class_id(child)) and child.tag != "img":
                pass
            elif is_element(child):
                walk(child, depth + 1)
            if child.tail:
                out.append(child.tail)

    walk(el)
    return clean_text(" ".join(out))


_UI_CAPTION = re.compile(r"^(?:enlarge|expand|zoom(?: in)?|click to enlarge|view (?:full )?(?:image|gallery|slideshow)|"
                         r"open (?:image )?(?:in )?gallery|toggle caption|hide caption|show caption|"
                         r"\d+\s*(?:/|of)\s*\d+|image \d+ of \d+)(?:\W+|$)", re.IGNORECASE)
_UI_ONLY = re.compile(r"^(?:caption|close|photos?|images?|pictures?|gallery|video)\W*$", re.IGNORECASE)


def _clean_caption(caption: str) -> str:
    """Drop gallery controls ('Enlarge', '3 of 12', 'toggle caption') from a caption."""
    prev = None
    while caption and caption != prev:
        prev = caption
        caption = _UI_CAPTION.sub("", caption, count=1).strip()
    return "" if _UI_ONLY.match(caption) else caption


def _clean_credit(credit: str) -> str:
    credit = clean_text(credit).strip(" ()[]【】（）")
    credit = re.sub(r"^(?:photo(?:graph)?s?|credit|image|picture|source)\s*(?:credit)?\s*[:：/]\s*", "", credit,
                    flags=re.IGNORECASE)
    credit = re.sub(r"^(?:photo(?:graph)?|image)\s+by\s+", "", credit, flags=re.IGNORECASE)
    return credit.strip(" .;,|/[]()")


def make_image(img, base_url, caption: str = "", credit: str = "") -> Image | None:
    src = image_src(img, base_url)
    if not src or is_junk_image(img, src):
        return None
    alt = clean_text(img.get("alt") or "") if img.tag == "img" else ""
    if caption and not credit:
        caption, credit = split_credit(caption)
    elif caption and credit:
        caption = split_credit(caption)[0] if split_credit(caption)[1] else caption
        # a caption that repeats the credit at its end: drop the repetition
        if caption.endswith(credit):
            caption = caption[: -len(credit)].rstrip(" /|–—-:;,")
    caption = _clean_caption(clean_text(caption))
    if _FILE_NAME.match(caption or ""):
        caption = ""
    return Image(src=src, alt=alt, caption=caption, credit=_clean_credit(credit))


def _first_img(el):
    for node in el.iter("img", "picture"):
        if node.tag == "picture":
            inner = node.find(".//img")
            return inner if inner is not None else node
        return node
    return None


def image_from_figure(el, base_url) -> Image | None:
    img = _first_img(el)
    if img is None:
        return None
    caption, credit = _caption_parts(el, img)
    return make_image(img, base_url, caption, credit)


def image_from_img(img, base_url, caption: str = "") -> Image | None:
    if img.tag == "picture":
        inner = img.find(".//img")
        img = inner if inner is not None else img
    return make_image(img, base_url, caption)


def is_image_only(el) -> bool:
    """A paragraph whose only content is one image (and maybe a link around it)."""
    if el.tag not in ("p", "div", "center"):
        return False
    it = el.iter("img")
    if next(it, None) is None or next(it, None) is not None:  # exactly one image
        return False
    text = clean_text(el.text_content())
    return not text or bool(_FILE_NAME.match(text))


def _body_style(el, style: str) -> bool:
    """Is this style simply how the body's text paragraphs look (so it marks no caption)?"""
    nxt = el.getnext()
    while nxt is not None and not is_element(nxt):
        nxt = nxt.getnext()
    if nxt is None or is_image_only(nxt):
        return False
    return (nxt.get("style") or "").replace(" ", "").lower() == style


def is_caption_paragraph(el, image_par) -> bool:
    """Is `el`, the element right after an image-only paragraph, that image's caption?"""
    if el is None or el.tag not in ("p", "div", "span", "center", "font", "h6", "small", "em"):
        return False
    if descendant_imgs(el):
        return False
    text = clean_text(el.text_content())
    if not text or len(text) > 400:
        return False
    if _CAPTION_CLASS.search(class_id(el)):
        return True
    if split_credit(text)[1]:
        return True
    style_img = (image_par.get("style") or "").replace(" ", "").lower()
    style_cap = (el.get("style") or "").replace(" ", "").lower()
    quoted = text[:1] in "\"“„«'‘「" or text[-1:] in "\"”»'’」"
    if "center" in style_cap and style_cap == style_img and not quoted and not _body_style(el, style_cap):
        return True
    if el.get("align", "").lower() == "center" and image_par.get("align", "").lower() == "center":
        return True
    # the whole text set in <em>/<i>/<small>: a typographic caption
    kids = [c for c in el if is_element(c)]
    if len(kids) == 1 and kids[0].tag in ("em", "i", "small") and not (el.text or "").strip() \
            and not (kids[0].tail or "").strip():
        return True
    return False
