"""Outlets as ingest sees them: the slug a source name gets, and the Source row behind it."""

from collections import Counter

from django.utils.text import slugify

from articles.ingest.outlets import OUTLETS, OutletDirectory
from articles.models import Source

UNKNOWN_SOURCE = "Tidak diketahui"
SLUG_LENGTH = 80


def storable(text: str, max_length: int | None = None) -> str:
    """Text PostgreSQL accepts: no NUL, no lone surrogate, cut to the column's length."""
    text = text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    return text[:max_length] if max_length else text


def _clean_name(name: str) -> str:
    return storable(" ".join(name.split()), Source._meta.get_field("name").max_length) or UNKNOWN_SOURCE


def source_slug_for(name: str) -> str:
    return slugify(_clean_name(name))[:SLUG_LENGTH] or "sumber"


def source_rules() -> dict[str, tuple[str, ...]]:
    """The cleaning rules of every source that has any, by slug."""
    return {source.slug: tuple(source.rule_list())
            for source in Source.objects.exclude(boilerplate_rules="").only("slug", "boilerplate_rules")
            if source.rule_list()}


def outlet_directory() -> OutletDirectory:
    """The outlets known by name: the shipped list, then every source's name, domain and other spellings as
    editors keep them in the admin (theirs win a shared key). One query.

    A domain several sources share (an aggregator's, a syndication host's) names none of them.
    """
    rows = list(Source.objects.exclude(name=UNKNOWN_SOURCE).values_list("name", "domain", "aliases"))
    shared = {domain for domain, count in Counter(domain for _, domain, _ in rows if domain).items() if count > 1}
    return OutletDirectory([*OUTLETS, *((name, "" if domain in shared else domain, aliases)
                                        for name, domain, aliases in rows)])


def source_resolve(*, name: str, domain: str = "") -> Source:
    """The Source called `name`, created on first sight with a clean slug."""
    name = _clean_name(name)
    domain = storable(domain, Source._meta.get_field("domain").max_length)
    source, created = Source.objects.get_or_create(slug=source_slug_for(name),
                                                   defaults={"name": name, "domain": domain})
    if not created and domain and not source.domain:
        source.domain = domain
        source.save(update_fields=["domain"])
    return source


def source_for(*, forced_slug: str | None, name: str, domain: str) -> Source:
    """The source an article is stored under: the one the run forces (`--source`), else the one it names."""
    if forced_slug:
        return Source.objects.filter(slug=forced_slug).first() or source_resolve(name=forced_slug)
    return source_resolve(name=name, domain=domain)
