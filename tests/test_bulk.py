"""rows_insert: COPY writes exactly the rows given, or none of them. instances_by_id: the instances the ORM gives."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, transaction

from articles.bulk import instances_by_id, rows_insert
from articles.models import Article, ArticleBand, Entity, Mention, Source, StoryCluster


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


def _fields(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields
            if field.attname not in instance.get_deferred_fields()}


def test_instances_by_id_are_the_orms_field_for_field(db, django_assert_num_queries):
    source = Source.objects.create(name="Kantor Uji", slug="kantor-uji", domain="uji.example",
                                   aliases=["KU", "Kantor-Uji"], boilerplate_rules="^Baca juga")
    other = Source.objects.create(name="Lain", slug="lain")
    made = [Article.objects.create(source=source, title="Judul", url="https://uji.example/1", body="Isi.\n\nLagi",
                                   captions=["Foto: satu", "dua"], edited_fields=["title"], removed_lines=["Iklan"],
                                   published=datetime(2024, 2, 29, 3, 4, tzinfo=UTC), published_offset=420,
                                   content_hash="satu"),
            Article.objects.create(source=other, title="Tanpa tanggal", url="https://uji.example/2", body="Lain.",
                                   content_hash="dua")]
    ids = [made[1].pk, made[0].pk, made[0].pk + made[1].pk]  # the last one does not exist
    expected = Article.objects.select_related("source").defer("raw_text", "removed_lines").in_bulk(ids)
    with django_assert_num_queries(1):
        found = instances_by_id(Article, ids, defer=("raw_text", "removed_lines"), related="source")
        assert {pk: _fields(article.source) for pk, article in found.items()} == {
            pk: _fields(article.source) for pk, article in expected.items()}
    assert found.keys() == {made[0].pk, made[1].pk}
    for pk, article in found.items():
        assert _fields(article) == _fields(expected[pk])
        assert article.get_deferred_fields() == {"raw_text", "removed_lines"}
        assert not article._state.adding and article._state.db == "default"
    assert found[made[0].pk].captions == ["Foto: satu", "dua"] and found[made[0].pk].edited_fields == ["title"]
    assert found[made[0].pk].removed_lines == ["Iklan"]  # deferred: read on access, as the ORM does


def test_a_null_key_keeps_its_row_as_the_orm_does_and_no_ids_ask_nothing(db, django_assert_num_queries):
    source = Source.objects.create(name="Kantor Uji", slug="kantor-uji")
    cluster = StoryCluster.objects.create()
    alone = Article.objects.create(source=source, title="Sendiri", url="https://uji.example/1", body="Satu.",
                                   content_hash="satu")
    grouped = Article.objects.create(source=source, title="Bersama", url="https://uji.example/2", body="Dua.",
                                     content_hash="dua", cluster=cluster)
    found = instances_by_id(Article, [alone.pk, grouped.pk], related="cluster")
    assert found.keys() == {alone.pk, grouped.pk}
    with django_assert_num_queries(0):
        assert found[alone.pk].cluster is None and found[grouped.pk].cluster.pk == cluster.pk
        assert instances_by_id(Article, [], related="source") == {}


@pytest.mark.parametrize(("defer", "related", "error"), [
    (("bdy",), None, FieldDoesNotExist),  # a misspelt field is refused, as QuerySet.defer refuses it
    ((), "sumber", FieldDoesNotExist),
    (("id",), None, ValueError),
    (("source",), "source", ValueError),  # deferred and traversed at once, refused by the ORM too
])
def test_what_the_orm_would_refuse_is_refused(db, defer, related, error):
    with pytest.raises(error):
        instances_by_id(Article, [1], defer=defer, related=related)
