"""The admin speaks Indonesian throughout, Django's own strings included; English messages have proper plurals."""

import pytest
from django.urls import reverse
from django.utils import translation

from articles.models import Article

pytestmark = pytest.mark.django_db

ENGLISH_LEFT = ["Select an option", "Filter by", "Enter times in", "Today (", "Logout"]


def test_djangos_own_strings_that_lack_indonesian_are_translated(editor_client, seeds):
    article = Article.objects.filter(published__isnull=False).first()
    pages = [
        editor_client.get(reverse("admin:articles_article_changelist")).text,
        editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).text,
        editor_client.get(reverse("admin:jsi18n")).text,
    ]
    assert "Saring menurut terbit" in pages[0]  # the date hierarchy's label
    assert "- Pilih salah satu -" in pages[1]
    assert "Catatan: masukkan waktu dalam zona waktu" in pages[2]
    assert "Hari ini (" in pages[2]
    for english in ENGLISH_LEFT:  # the catalogue (pages[2]) holds the English msgids as its keys
        assert english not in pages[0] + pages[1]


def test_column_headers_and_history_are_indonesian(editor_client, seeds):
    from django.contrib.admin.models import LogEntry

    headers = editor_client.get(reverse("admin:articles_mention_changelist")).text
    for column in ["Tulisan", "Entitas", "Artikel", "Awal", "Akhir"]:
        assert f">{column}</a>" in headers
    entities = reverse("admin:articles_entity_changelist")
    chosen = list(seeds[0].mentions.values_list("entity_id", flat=True).distinct()[:2])
    editor_client.post(entities, {"action": "merge", "_selected_action": chosen, "target": chosen[0]})
    assert "digabung ke" in LogEntry.objects.latest("pk").get_change_message()


def test_english_messages_count_one_article_in_the_singular():
    from django.utils.translation import ngettext

    with translation.override("en"):
        one = ngettext("%(n)d artikel ditandai sudah diperiksa.", "%(n)d artikel ditandai sudah diperiksa.", 1)
        two = ngettext("%(n)d artikel ditandai sudah diperiksa.", "%(n)d artikel ditandai sudah diperiksa.", 2)
    assert (one % {"n": 1}, two % {"n": 2}) == ("1 article marked as reviewed.", "2 articles marked as reviewed.")


# Words an English page says as Indonesian does (Django's admin catalogue translates "Home" for Indonesian).
SAME_IN_ENGLISH = {"Home"}


def test_every_template_string_has_an_english_translation():
    """Each `{% translate "..." %}` of the templates reads in English on an English page ("Unduh CSV" did not)."""
    import re
    from pathlib import Path

    tag = re.compile(r'{%\s*translate\s+"([^"]+)"(?:\s+context\s+"([^"]+)")?')
    templates = Path(__file__).resolve().parent.parent / "templates"
    found, untranslated = 0, []
    for path in sorted(templates.rglob("*.html")):
        for match in tag.finditer(path.read_text(encoding="utf-8")):
            msgid, context = match.groups()
            found += 1
            with translation.override("en"):
                english = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
            if english == msgid and msgid not in SAME_IN_ENGLISH:
                untranslated.append(f"{path.relative_to(templates)}: {msgid}")
    assert found > 100  # the pattern still finds the templates' strings
    assert untranslated == []


@pytest.mark.parametrize(("language", "one", "two"), [("en", "article", "articles"), ("id", "artikel", "artikel")])
def test_a_facet_count_names_its_articles_in_the_right_number(language, one, two):
    """Screen readers hear the facet's count with its noun ("1 articles" before)."""
    from types import SimpleNamespace

    from django.http import QueryDict
    from django.template.loader import render_to_string

    from articles.sidebar import FacetGroup, Option

    group = FacetGroup("source", "Sumber", options=[Option("a", "Antara", 1, False, {"source": "a"}),
                                                    Option("b", "Tempo", 2, False, {"source": "b"})])
    context = {"facet_groups": [group], "query": QueryDict("q=banjir"),
               "results": SimpleNamespace(facets_approximate=False)}
    with translation.override(language):
        html = " ".join(render_to_string("partials/_facets.html", context).split())
    assert f'1<span class="visually-hidden"> {one}</span>' in html
    assert f'2<span class="visually-hidden"> {two}</span>' in html
