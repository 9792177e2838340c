"""Validation of reader input: every public page and API endpoint reads its parameters through these forms.

Text a reader typed is forgiven, not refused: control characters (NUL, which PostgreSQL refuses, among them)
and lone surrogates become spaces and overlong text is cut, so a stray byte never fails a search or a
suggestion. Everything else (slugs, numbers, dates, choices) is refused with a 400 and a message per field.
"""

import re
from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from articles.models import DigestFrequency, EntityType
from articles.search.stories import ALL, GROUPED

MAX_QUERY_LENGTH = 500
MAX_PAGE = 1000
MAX_FACET_LIMIT = 500  # values per facet a request may ask for (settings.FACET_LIMIT without one)
# Dates far outside the news era overflow when turned into UTC bounds (0001-01-01 in Jakarta is year 0 in UTC).
DATE_VALIDATORS = [MinValueValidator(date(1900, 1, 1)), MaxValueValidator(date(2999, 12, 31))]
SORT_CHOICES = [("relevance", _("Relevansi")), ("newest", _("Terbaru"))]
COPIES_CHOICES = [(GROUPED, _("Satu hasil per berita")), (ALL, _("Setiap salinan"))]
# How /api/search answers: one page of JSON, or every match as a download (articles/export.py).
FORMAT_CHOICES = [("json", "JSON"), ("csv", "CSV"), ("jsonl", "JSON Lines")]
MAX_AUTOCOMPLETE_LENGTH = 100
# C0 and C1 controls other than tab and line breaks, and UTF-16 surrogates (lone ones reach us from broken clients).
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def reader_text(value: str, max_length: int) -> str:
    """`value` with unsafe characters made spaces, cut to `max_length` characters, stripped."""
    return _UNSAFE_CHARACTERS.sub(" ", value)[:max_length].strip()


class ReaderTextField(forms.CharField):
    """Free text a reader typed: cleaned by `reader_text` and cut at `cut_at`, never refused for its content.

    `max_length` still refuses input so long that it can only be a mistake or an attack.
    """

    def __init__(self, *, cut_at: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.cut_at = cut_at

    def clean(self, value):
        return reader_text(super().clean(value), self.cut_at)


class SearchForm(forms.Form):
    q = ReaderTextField(required=False, max_length=10_000, cut_at=MAX_QUERY_LENGTH, label=_("Cari"))
    source = forms.SlugField(required=False, max_length=200)
    entity = forms.SlugField(required=False, max_length=300)
    type = forms.ChoiceField(required=False, choices=[("", ""), *EntityType.choices])
    to = forms.DateField(required=False, input_formats=["%Y-%m-%d"], validators=DATE_VALIDATORS)
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)
    copies = forms.ChoiceField(required=False, choices=COPIES_CHOICES)
    format = forms.ChoiceField(required=False, choices=FORMAT_CHOICES)
    facet_limit = forms.IntegerField(required=False, min_value=1, max_value=MAX_FACET_LIMIT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so the field is added by name.
        self.fields["from"] = forms.DateField(required=False, input_formats=["%Y-%m-%d"],
                                              validators=DATE_VALIDATORS)

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            raise forms.ValidationError(_("Tanggal awal harus sebelum tanggal akhir."))
        return data


class AutocompleteForm(forms.Form):
    q = ReaderTextField(required=False, max_length=10_000, cut_at=MAX_AUTOCOMPLETE_LENGTH)


class SavedSearchForm(forms.Form):
    """Save the search in `query` (the search page's query string) under `name`, with a digest frequency."""

    name = ReaderTextField(max_length=10_000, cut_at=200, label=_("Nama"))
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    digest = forms.ChoiceField(choices=DigestFrequency.choices, initial=DigestFrequency.DAILY,
                               label=_("Ringkasan e-mail"))


class DigestForm(forms.Form):
    digest = forms.ChoiceField(choices=DigestFrequency.choices, label=_("Ringkasan e-mail"))
