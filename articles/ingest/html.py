"""An HTML page's article text and metadata: trafilatura's extraction, JSON-LD and <meta> tags.

Pages are parsed by trafilatura's own loader, which drops HTML comments: an `<!--img.1-->` slot left by a newsroom
template inside a paragraph otherwise makes the extractor discard that paragraph. Paywall boxes and buttons are
pruned before extraction; a page that has them (or whose JSON-LD says it is not free) is marked `paywalled`.
"""

import json
import re
from dataclasses import replace

import lxml.html
import trafilatura
from lxml import etree

from .dates import is_link_date, visible_date_line
from .document import RawDocument
from .text import collapse_spaces

# Published-time <meta> names, most specific first (Kompas's content_PublishedDate, detik's dtk:publishdate).
_PUBLISHED_TAGS = ("article:published_time", "og:article:published_time", "datepublished", "content_publisheddate",
                   "dtk:publishdate", "pubdate", "publishdate", "publish-date", "publish_date", "dc.date.issued",
                   "dc.date", "date")
_ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting", "AnalysisNewsArticle"})
_REGEXP_NS = {"re": "http://exslt.org/regular-expressions"}
# Class or id words of subscription prompts that hide the rest of an article ("paywall", "premium-lock", "regwall").
PAYWALL_WORDS = (r"pay-?wall|reg-?wall|login-?wall|premium-?(?:lock|wall|gate|block|overlay)|"
                 r"(?:content|article)-?lock|locked-?(?:content|article)|"
                 r"subscri(?:be|ption)-?(?:wall|gate|lock|prompt|overlay)|langganan")
_PAYWALL = etree.XPath(f"//*[re:test(@class, '{PAYWALL_WORDS}', 'i') or re:test(@id, '{PAYWALL_WORDS}', 'i')]",
                            namespaces=_REGEXP_NS)
_BUTTONS = etree.XPath("//button | //form | //*[@role='button'] | "
                            "//*[re:test(@class, '(^|[\\s_-])(btn|button)($|[\\s_-])', 'i')]", namespaces=_REGEXP_NS)
# Paragraphs of the page's own text, not of its frame: header, menus, footer, side boxes, captions.
_OWN_PARAGRAPHS = etree.XPath("//p[not(ancestor::p or ancestor::header or ancestor::nav or ancestor::footer"
                                   " or ancestor::aside or ancestor::figure)]")
# Photo captions: trafilatura leaves them out of the text, Telusur keeps them apart (captions of the article).
_CAPTIONS = etree.XPath("//figcaption | //*[re:test(@class, '(^|[\\s_-])(caption|keterangan|photo__caption)', 'i')]"
                        "[not(ancestor::figcaption)]", namespaces=_REGEXP_NS)
# Credit blocks ("Reporter: X | Editor: Y", "<h6>Penulis</h6> X", "X - detikNews"): trafilatura drops most.
_CREDITS = etree.XPath("//*[re:test(@class, '(author|byline|penulis|reporter|writer|credit)', 'i')]"
                       "[not(ancestor::*[re:test(@class, '(author|byline|penulis|reporter|writer|credit)', 'i')])]",
                       namespaces=_REGEXP_NS)
# The owner's notice, usually in the footer: "© 2023 Berita Jatim. All rights reserved."
_COPYRIGHT = re.compile(r"(?i)(?:©|\(c\)|copyright|hak cipta)")
# Blocks whose text trafilatura's whole-page fallback runs together: headings, paragraphs, a date line in a div.
_BLOCKS = etree.XPath("//h1 | //h2 | //h3 | //p | //li | //time | "
                           "//*[self::div or self::span][normalize-space(text())][not(ancestor::p)]")


def extract_html(raw: RawDocument) -> RawDocument:
    """The page's main text (trafilatura) and metadata (JSON-LD, then <meta>, then trafilatura's).

    When trafilatura gives up and returns the whole page as one line (teaser and paywall layouts, short pages),
    the text is the page's own paragraphs instead, each apart, without the title, date line or prompts.
    """
    tree = trafilatura.load_html(raw.html) if raw.html.strip() else None
    if tree is None:
        return raw
    article = _json_ld_article(tree)
    meta = {key: value for key, value in _meta_tags(tree).items() if value} | _article_fields(article)
    paywalled = bool(_PAYWALL(tree)) or str(article.get("isAccessibleForFree", "")).lower() == "false"
    captions = tuple(dict.fromkeys(filter(None, map(_text_of, _CAPTIONS(tree)))))
    meta["credit"] = "\n".join(dict.fromkeys(filter(None, map(_text_of, _CREDITS(tree)))))
    meta["copyright"] = _copyright_notice(tree)
    for element in [*_PAYWALL(tree), *_BUTTONS(tree)]:
        if element.getparent() is not None:
            element.drop_tree()
    document = trafilatura.bare_extraction(tree, url=raw.url or None, with_metadata=True,
                                           include_comments=False, include_tables=False)
    text = ""
    if document is not None:
        text = document.text or ""
        for key, value in (("title", document.title), ("author", document.author), ("source", document.sitename)):
            if value and not meta.get(key):
                meta[key] = value
    if meta.get("title"):
        meta["title"] = _with_site_suffix(meta["title"], collapse_spaces(tree.findtext(".//title") or ""))
    titles = {meta.get("title"), document.title if document else None, _text_of_first(tree, "h1")}
    paragraphs = [text for text in map(_text_of, _OWN_PARAGRAPHS(tree)) if text and text not in titles]
    if paragraphs and (not text or _flattened(text, tree)):
        text = "\n\n".join(paragraphs)
    url = raw.url or meta.get("url", "")
    # trafilatura's date is a date-only guess: a visible date line outranks it (dates.published_date).
    meta["date_line"] = visible_date_line(tree)
    if document is not None and document.date and not is_link_date(document.date, tree, url):
        meta["published_guess"] = document.date
    return replace(raw, text=text, url=url, meta={key: value for key, value in {**meta, **raw.meta}.items() if value},
                   paywalled=paywalled, captions=captions)


def _copyright_notice(tree: lxml.html.HtmlElement) -> str:
    """The page's first short text holding a copyright sign or word ("© 2023 Berita Jatim."), or ""."""
    for node in tree.iter(etree.Element):
        text = collapse_spaces(node.text or "")
        if text and len(text) <= 160 and _COPYRIGHT.search(text):
            return text
    return ""


def _text_of(element: lxml.html.HtmlElement) -> str:
    return collapse_spaces("".join(element.itertext()))


def _text_of_first(tree: lxml.html.HtmlElement, tag: str) -> str:
    element = next(tree.iter(tag), None)
    return _text_of(element) if element is not None else ""


def _flattened(text: str, tree: lxml.html.HtmlElement) -> bool:
    """One line holding the text of several page blocks is trafilatura's whole-page fallback, not an article."""
    if "\n" in text.strip():
        return False
    line = collapse_spaces(text)
    blocks = {block for block in (collapse_spaces(element.text or "") if element.tag in ("div", "span")
                                  else _text_of(element) for element in _BLOCKS(tree)) if block}
    return sum(block in line for block in blocks) >= 2


def _with_site_suffix(title: str, page_title: str) -> str:
    """The <title> when it is `title` plus " - Outlet" or " | Outlet": describing reads the outlet from it."""
    rest = page_title.removeprefix(title) if page_title != title else ""
    return page_title if rest and re.match(r"\s*[-–|]\s+\S", rest) else title


def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, str]:
    tags = {(element.get("property") or element.get("name") or "").lower(): element.get("content") or ""
            for element in tree.iter("meta")}
    canonical = next((link.get("href", "") for link in tree.iter("link") if link.get("rel") == "canonical"), "")
    return {
        "title": tags.get("og:title", ""),
        "author": tags.get("author", "") or tags.get("article:author", ""),
        "published": next((tags[name] for name in _PUBLISHED_TAGS if tags.get(name)), ""),
        "source": tags.get("og:site_name", ""),
        "summary": tags.get("description", "") or tags.get("og:description", ""),
        "url": canonical or tags.get("og:url", ""),
    }


def _json_ld_article(tree: lxml.html.HtmlElement) -> dict[str, object]:
    """The first schema.org article in the page's JSON-LD, or {}."""
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text_content())
        except json.JSONDecodeError:
            continue
        article = _find_article(data)
        if article:
            return article
    return {}


def _find_article(data: object) -> dict[str, object] | None:
    if isinstance(data, list):
        return next(filter(None, map(_find_article, data)), None)
    if not isinstance(data, dict):
        return None
    kinds = data.get("@type")
    kinds = set(kinds) if isinstance(kinds, list) else {kinds}
    if kinds & _ARTICLE_TYPES:
        return data
    return _find_article(data.get("@graph", []))


def _article_fields(article: dict[str, object]) -> dict[str, str]:
    fields = {"title": _name(article.get("headline")), "published": _name(article.get("datePublished")),
              "author": _name(article.get("author")), "source": _name(article.get("publisher")),
              "url": _name(article.get("url") or article.get("mainEntityOfPage"))}
    return {key: value for key, value in fields.items() if value}


def _name(value: object) -> str:
    """JSON-LD values are strings, objects with a name or @id, or lists of either."""
    if isinstance(value, list):
        return ", ".join(filter(None, map(_name, value)))
    if isinstance(value, dict):
        return _name(value.get("name") or value.get("@id"))
    return collapse_spaces(value) if isinstance(value, str) else ""
