"""rows_insert: COPY writes exactly the rows given, or none of them."""

import pytest
from django.db import IntegrityError, transaction

from articles.bulk import rows_insert
from articles.models import Article, ArticleBand, Entity, Mention, Source


def _article() -> Article:
    source = Source.objects.create(name="Kantor Uji", slug="kantor-uji")
    return Article.objects.create(source=source, title="Judul", url="https://uji.example/1",
                                  body="Presiden Joko Widodo ke Bandung.")


def test_rows_land_with_their_values_text_escapes_included(db):
    article = _article()
    entity = Entity.objects.create(name="O'Neil\t\\N", slug="oneil", type="person")
    text = "O'Neil\\t\n\\N \N{EM DASH} ✓"  # COPY's own escapes, a tab, a newline and non-ASCII text
    assert rows_insert(Mention, ["article", "entity", "start", "end", "text"],
                       [(article.pk, entity.pk, 0, 8, text), (article.pk, entity.pk, 10, 12, "ke")]) == 2
    assert list(Mention.objects.order_by("start").values_list("article", "entity", "start", "end", "text")) == [
        (article.pk, entity.pk, 0, 8, text), (article.pk, entity.pk, 10, 12, "ke")]
    assert rows_insert(ArticleBand, ["article", "band", "value"], iter([(article.pk, 3, -2**63)])) == 1
    assert ArticleBand.objects.get().value == -2**63


def test_a_broken_row_fails_the_whole_copy_with_djangos_error(db):
    article = _article()
    entity = Entity.objects.create(name="Bandung", slug="bandung", type="location")
    rows = [(article.pk, entity.pk, 0, 5, "Bandung"), (article.pk, entity.pk, 9, 3, "end before start")]
    with pytest.raises(IntegrityError), transaction.atomic():
        rows_insert(Mention, ["article", "entity", "start", "end", "text"], rows)
    assert not Mention.objects.exists()


def test_no_rows_write_nothing(db):
    assert rows_insert(Mention, ["article", "entity", "start", "end", "text"], []) == 0
    assert not Mention.objects.exists()
