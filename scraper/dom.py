"""Building one lxml tree from page text, robustly, and small text helpers.

Everything here works on `lxml.html` elements directly (no BeautifulSoup):
the parser builds one tree per page and every later step reads or prunes it.
"""
from __future__ import annotations

import re
import unicodedata

from lxml import etree, html as lxml_html

__all__ = [
    "build_tree", "clean_text", "strip_controls", "text_of", "class_id", "is_element", "iter_elements",
    "BLOCK_TAGS", "HEADING_TAGS",
]

# libxml2 rejects str input that carries an XML encoding declaration, and
# chokes on NUL and most C0 controls; strip both before parsing.
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd\ufffe\uffff]")
_WS = re.compile(r"\s+")
_ZW_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements that start a new paragraph when text is laid out.
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav",
    "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd", "table", "tbody", "thead",
    "tfoot", "tr", "td", "th", "caption", "figure", "figcaption", "form", "fieldset",
    "address", "details", "summary", "center", "hr", "body", "html", "picture", "hgroup",
    "h1", "h2", "h3", "h4", "h5", "h6", "dialog", "menu", "noscript", "video", "audio",
}) | HEADING_TAGS

_PARSER = lxml_html.HTMLParser(
    remove_comments=True, remove_pis=True, remove_blank_text=False, huge_tree=True,
    default_doctype=False, collect_ids=False,
)
# lxml.html's default class lookup is a Python callback run for every element proxy
# created (FormElement, InputElement, ...: none of which the parser uses); a plain
# HtmlElement for every node keeps the HTML helpers (text_content, ...) at C speed.
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment,
    pi=lxml_html.HtmlProcessingInstruction, entity=lxml_html.HtmlEntity,
))


def build_tree(text: str) -> lxml_html.HtmlElement | None:
    """Parse page text into an `<html>` element; None when nothing can be built."""
    if not text:
        return None
    if text.lstrip()[:5].lower() == "<?xml":
        text = _XML_DECL.sub("", text, count=1)
    # libxml2 reads C0 controls in str input (NUL becomes U+FFFD); they are stripped from the
    # extracted text instead (strip_controls), which is far cheaper than scanning the page
    if not text.strip():
        return None
    try:
        root = lxml_html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError, TypeError, etree.XMLSyntaxError):
        root = None
    if root is None or not isinstance(root.tag, str):
        try:  # fall back to a fragment wrapped in a body
            root = lxml_html.fromstring("<html><body>" + text + "</body></html>", parser=_PARSER)
        except Exception:  # noqa: BLE001 - any parser failure means "no tree"
            return None
    if root is None or not isinstance(root.tag, str):
        return None
    if root.tag != "html":  # a fragment parsed into a bare element: wrap it
        wrapper = lxml_html.Element("html")
        body = etree.SubElement(wrapper, "body")
        body.append(root)
        root = wrapper
    return root


def clean_text(value: str | None) -> str:
    """Collapse whitespace, drop zero-width characters, NFC-normalise."""
    if not value:
        return ""
    if value.isascii():
        return " ".join(value.split())
    if _ZW_RE.search(value):
        value = value.translate(_ZERO_WIDTH)
    value = " ".join(value.split())
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    return value


def strip_controls(value: str) -> str:
    """Drop C0 control characters (and U+FFFD/U+FFFE/U+FFFF noise) from extracted text."""
    if _CONTROL.search(value):
        value = " ".join(_CONTROL.sub(" ", value).split())
    return value


def text_of(el) -> str:
    """The whitespace-normalised text content of an element."""
    try:
        return clean_text(el.text_content())
    except (ValueError, AttributeError):
        return ""


def is_element(node) -> bool:
    return isinstance(getattr(node, "tag", None), str)


# The <img> elements inside an element (compiled once: el.xpath() compiles on every call).
descendant_imgs = etree.XPath(".//img")


def iter_elements(root):
    """All elements under root (root included), skipping comments/PIs/entities."""
    return root.iter(tag=etree.Element)


def class_id(el) -> str:
    """The element's class and id attributes, lower-cased, space separated."""
    get = el.get
    c = get("class")
    i = get("id")
    if c and i:
        return (c + " " + i).lower()
    return (c or i or "").lower()
