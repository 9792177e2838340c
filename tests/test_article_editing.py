"""An editor corrects articles in the admin: no save corrupts one, and no correction is lost without a trace."""

import json
import re
import unicodedata

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from articles.editing import text_normalise
from articles.ingest.pipeline import ingest
from articles.ingest.reclean import articles_reclean
from articles.models import Article, ArticleRevision, Source
from tests.robustness.admin_editor import form_data

pytestmark = pytest.mark.django_db

MARKED = re.compile(r'class="mention[^"]*"[^>]*>([^<]*)</')
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')  # masked anew in every response


def _change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def _browser_form(client, article: Article) -> dict[str, list[str]]:
    """The change form's data as a browser submits it: the textarea's line breaks come back as CRLF."""
    data = form_data(client.get(_change_url(article)).text, "article_form")
    data["body"] = [data["body"][0].replace("\n", "\r\n")]
    return data


def _save(client, article: Article, data: dict[str, list[str]]) -> None:
    response = client.post(_change_url(article), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response


def _assert_mentions_point_at_their_text(client, article: Article) -> None:
    article.refresh_from_db()
    mentions = list(article.mentions.order_by("start"))
    assert mentions
    assert [article.body[m.start:m.end] for m in mentions] == [m.text for m in mentions]
    api = client.get(f"/api/articles/{article.pk}").json()
    surfaces = {m.text for m in mentions}
    for entity in api["entities"]:
        for start, end in entity["mentions"]:
            assert api["body"][start:end] in surfaces, (entity["name"], api["body"][start:end])
    page = client.get(article.get_absolute_url()).text
    assert MARKED.findall(page) == [m.text for m in mentions if not m.entity.hidden]


def test_text_is_normalised_as_stored():
    assert text_normalise(" Satu \r\nDua\t\r\rKafe\u0301  \n") == "Satu\nDua\n\nKafé"


def test_a_title_edit_sent_with_crlf_keeps_every_mention_on_its_text(editor_client, seeds):
    article = Article.objects.get(pk=seeds[0].pk)
    body, mention_ids = article.body, list(article.mentions.values_list("pk", flat=True))
    assert "\n" in body
    data = _browser_form(editor_client, article)
    data["title"] = ["Judul yang dikoreksi redaksi"]
    _save(editor_client, article, data)
    article.refresh_from_db()
    assert article.title == "Judul yang dikoreksi redaksi"
    assert article.body == body
    assert list(article.mentions.values_list("pk", flat=True)) == mention_ids
    _assert_mentions_point_at_their_text(editor_client, article)
    message = LogEntry.objects.get(object_id=str(article.pk)).get_change_message()
    assert "judul" in message.lower() and "isi" not in message.lower()
    assert article.edited_fields == ["title"]
    revision = ArticleRevision.objects.get(article=article)
    assert (revision.field, revision.old_value, revision.by) == ("title", seeds[0].title, "redaksi")


def test_a_no_op_save_leaves_every_seed_page_unchanged(editor_client, seeds):
    def snapshot():
        return [(CSRF_TOKEN.sub("", editor_client.get(a.get_absolute_url()).text),
                 editor_client.get(f"/api/articles/{a.pk}").json(),
                 list(a.mentions.values_list("pk", "start", "end", "text")),
                 Article.objects.values_list("body", "updated_at").get(pk=a.pk)) for a in seeds]

    before = snapshot()
    for article in seeds:
        _save(editor_client, article, _browser_form(editor_client, article))
    assert snapshot() == before
    assert not ArticleRevision.objects.exists()
    assert not Article.objects.exclude(edited_fields=[]).exists()
    assert set(LogEntry.objects.values_list("change_message", flat=True)) == {"[]"}  # "no fields changed"


def test_a_body_edit_is_normalised_and_its_mentions_derived_again(
        editor_client, indexed_seeds, django_capture_on_commit_callbacks):
    from articles.search.service import SearchParams, search

    article = Article.objects.get(pk=indexed_seeds[0].pk)
    data = _browser_form(editor_client, article)
    added = "Presiden Joko Widodo menanggapi pernyataan Stoltenberg di kafé dengan tenang.  \r\n\r\n"
    data["body"] = [unicodedata.normalize("NFD", added) + data["body"][0]]
    with django_capture_on_commit_callbacks(execute=True):
        _save(editor_client, article, data)
    article.refresh_from_db()
    assert article.body.startswith("Presiden Joko Widodo menanggapi pernyataan Stoltenberg di kafé dengan tenang.\n\n")
    assert "\r" not in article.body
    assert article.mentions.filter(text__contains="Joko Widodo").exists()
    _assert_mentions_point_at_their_text(editor_client, article)
    assert article.edited_fields == ["body"]
    assert search(SearchParams(q="menanggapi tenang")).count == 1


def test_recleaning_keeps_a_hand_corrected_body_unless_the_editor_overwrites_it(editor_client, seeds):
    source = Source.objects.get(slug="okezone")
    article = source.articles.get()
    data = _browser_form(editor_client, article)
    data["body"] = [data["body"][0].replace("diperkirakan akan mengumumkan sanksi", "akan mengumumkan sanksi")]
    _save(editor_client, article, data)
    corrected = Article.objects.get(pk=article.pk).body
    source.boilerplate_rules = r"^Saat berada di Eropa, AS"
    source.save()

    assert articles_reclean(article_ids=[article.pk]) == 0
    article.refresh_from_db()
    assert article.body == corrected

    assert articles_reclean(article_ids=[article.pk], overwrite_edits=True) == 1
    article.refresh_from_db()
    assert "Saat berada di Eropa" not in article.body
    assert article.edited_fields == []
    revision = article.revisions.get(by="bersihkan ulang")
    assert (revision.field, revision.old_value) == ("body", corrected)
    _assert_mentions_point_at_their_text(editor_client, article)


def _jsonl(path, **record) -> str:
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return str(path)


def test_reingesting_an_updated_article_keeps_the_editors_title_and_author(editor_client, db, tmp_path):
    url = "https://contoh.id/berita/nato-siaga"
    body = ("NATO menempatkan pasukan dalam keadaan siaga di Eropa Timur, kata Jens Stoltenberg di Brussel.\n\n"
            "Rusia mengecam langkah itu.")
    ingest([_jsonl(tmp_path / "a.jsonl", url=url, title="NATO Siagakan Pasukn", author="Redaksi Contoh",
                   source="Contoh", body=body)])
    article = Article.objects.get(url=url)
    data = _browser_form(editor_client, article)
    data["title"], data["author"] = ["NATO Siagakan Pasukan"], ["Budi Santoso"]
    _save(editor_client, article, data)

    report = ingest([_jsonl(tmp_path / "b.jsonl", url=url, title="NATO Siagakan Pasukn di Eropa",
                            author="Redaksi Contoh", source="Contoh", body=body + " Moskwa menolak.")])
    assert report.run.updated == 1
    article.refresh_from_db()
    assert (article.title, article.author) == ("NATO Siagakan Pasukan", "Budi Santoso")
    assert article.body.endswith("Moskwa menolak.")
    body_revision = article.revisions.get(by="ingest ulang")
    assert (body_revision.field, body_revision.old_value) == ("body", body)
    _assert_mentions_point_at_their_text(editor_client, article)


def test_an_editor_can_let_reingest_overwrite_the_corrections(editor_client, db, tmp_path):
    url = "https://contoh.id/berita/nato"
    body = "NATO menempatkan pasukan dalam keadaan siaga di Eropa Timur, kata Jens Stoltenberg di Brussel."
    ingest([_jsonl(tmp_path / "a.jsonl", url=url, title="Judul Lama", source="Contoh", body=body)])
    article = Article.objects.get(url=url)
    data = _browser_form(editor_client, article)
    data["title"] = ["Judul Redaksi"]
    _save(editor_client, article, data)
    editor_client.post(reverse("admin:articles_article_changelist"),
                       {"action": "release_edits", "_selected_action": [article.pk]})
    ingest([_jsonl(tmp_path / "b.jsonl", url=url, title="Judul Baru", source="Contoh", body=body + " Lagi.")])
    article.refresh_from_db()
    assert article.title == "Judul Baru"
    assert article.revisions.filter(by="ingest ulang", field="title", old_value="Judul Redaksi").exists()
