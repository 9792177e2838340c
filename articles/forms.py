"""Validation of reader input before any search runs."""

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from articles.models import EntityType

MAX_QUERY_LENGTH = 500
MAX_PAGE = 1000
# Dates far outside the news era overflow when turned into UTC bounds (0001-01-01 in Jakarta is year 0 in UTC).
DATE_VALIDATORS = [MinValueValidator(date(1900, 1, 1)), MaxValueValidator(date(2999, 12, 31))]
SORT_CHOICES = [("relevance", _("Relevansi")), ("newest", _("Terbaru"))]


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=10_000, strip=True, label=_("Cari"))
    source = forms.SlugField(required=False, max_length=200)
    entity = forms.SlugField(required=False, max_length=300)
    type = forms.ChoiceField(required=False, choices=[("", ""), *EntityType.choices])
    to = forms.DateField(required=False, input_formats=["%Y-%m-%d"], validators=DATE_VALIDATORS)
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so the field is added by name.
        self.fields["from"] = forms.DateField(required=False, input_formats=["%Y-%m-%d"],
                                              validators=DATE_VALIDATORS)

    def clean_q(self) -> str:
        # NUL bytes and overlong input are trimmed, not refused: a query never fails the page.
        return self.cleaned_data["q"].replace("\x00", " ")[:MAX_QUERY_LENGTH].strip()

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            raise forms.ValidationError(_("Tanggal awal harus sebelum tanggal akhir."))
        return data
