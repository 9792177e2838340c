"""An HTML page's article text and metadata: trafilatura's extraction, JSON-LD and <meta> tags."""

import json
from dataclasses import replace

import lxml.html
import trafilatura
from lxml.etree import ParserError

from .dates import is_link_date, visible_date_line
from .document import RawDocument
from .text import collapse_spaces

# Published-time <meta> names, most specific first (Kompas's content_PublishedDate, detik's dtk:publishdate).
_PUBLISHED_TAGS = ("article:published_time", "og:article:published_time", "datepublished", "content_publisheddate",
                   "dtk:publishdate", "pubdate", "publishdate", "publish-date", "publish_date", "dc.date.issued",
                   "dc.date", "date")
_ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting", "AnalysisNewsArticle"})


def extract_html(raw: RawDocument) -> RawDocument:
    """The page's main text (trafilatura) and metadata (JSON-LD, then <meta>, then trafilatura's)."""
    try:
        tree = lxml.html.fromstring(raw.html)
    except (ParserError, ValueError):
        return raw
    meta = {key: value for key, value in _meta_tags(tree).items() if value} | _json_ld(tree)
    document = trafilatura.bare_extraction(tree, url=raw.url or None, with_metadata=True,
                                           include_comments=False, include_tables=False)
    text = ""
    if document is not None:
        text = document.text or ""
        for key, value in (("title", document.title), ("author", document.author), ("source", document.sitename)):
            if value and not meta.get(key):
                meta[key] = value
    if not text:
        text = "\n\n".join(p.text_content() for p in tree.iter("p"))
    url = raw.url or meta.get("url", "")
    # trafilatura's date is a date-only guess: a visible date line outranks it (dates.published_date).
    meta["date_line"] = visible_date_line(tree)
    if document is not None and document.date and not is_link_date(document.date, tree, url):
        meta["published_guess"] = document.date
    return replace(raw, text=text, url=url, meta={**meta, **raw.meta})


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


def _json_ld(tree: lxml.html.HtmlElement) -> dict[str, str]:
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text_content())
        except json.JSONDecodeError:
            continue
        article = _find_article(data)
        if article:
            return _article_fields(article)
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
