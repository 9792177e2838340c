"""Template helpers that only format: the HTML itself is built by articles.rendering."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import pgettext

from articles.models import EntityType
from articles.rendering import render_snippet

register = template.Library()


@register.filter
def snippet_html(pieces):
    return render_snippet(pieces)


@register.filter
def long_datetime(value: datetime | None) -> str:
    """`Kamis, 24 Maret 2022 05.56 WIB` in Indonesian, `Thursday, 24 March 2022, 05:56 WIB` in English."""
    if not value:
        return ""
    # Translators: a Django date format (see the `date` filter); keep the letters, change the order and punctuation.
    return date_format(timezone.localtime(value), pgettext("long date and time", "l, j F Y H.i T"))


@register.filter
def type_label(code: str) -> str:
    try:
        return str(EntityType(code).label)
    except ValueError:
        return code
