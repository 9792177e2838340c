"""Text that tries to inject markup shows as text on every page, in the admin, the API, snippets and highlights."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.ingest.pipeline import ingest
from articles.models import Alias, Article, Entity, IngestFailure, Mention, Source

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = "\"'><img src=x onerror=alert(2)>"
TEMPLATE = "{{ request.user }}{% debug %}"
JS_LINK = "javascript:alert(3)"
PAYLOADS = (SCRIPT, IMG)
# What must never reach a page unescaped.
RAW = ("<script>alert", "<img src=x", "onerror=alert(2)>", 'href="javascript:', "<iframe")


@pytest.fixture
def hostile(tmp_path, search_index):
    """An article whose every field carries a payload, an entity and alias named with them, and a failure."""
    record = {
        "title": f"Rapat kabinet {SCRIPT} {IMG} {TEMPLATE}",
        "body": (f"Jakarta — Presiden memimpin rapat kabinet {SCRIPT} tentang anggaran. Menteri {IMG} hadir.\n\n"
                 f"Tautan {JS_LINK} dan {TEMPLATE} ditulis di badan berita tentang rapat kabinet."),
        "author": f"Penulis {SCRIPT}",
        "source": f"Sumber {IMG}",
        "url": "https://jahat.example/rapat",
        "published": "2024-03-04",
    }
    lines = tmp_path / "jahat.jsonl"
    lines.write_text(json.dumps(record) + "\n" + json.dumps({"title": SCRIPT}) + "\n", encoding="utf-8")
    report = ingest([str(lines)])
    assert report.run.ingested == 1 and report.run.failed == 1
    article = Article.objects.get()
    entity = Entity.objects.create(name=f"Menteri {SCRIPT}", slug="menteri-jahat", type="person")
    Alias.objects.create(entity=entity, name=f"Alias {IMG}")
    start = article.body.index("Menteri")
    Mention.objects.create(article=article, entity=entity, start=start, end=start + len("Menteri"),
                           text=f"Menteri {IMG}"[:300])
    search_index.fill()
    return article, entity


def assert_inert(html: str, where: str) -> None:
    for fragment in RAW:
        assert fragment not in html, f"{where}: {fragment!r} reached the page unescaped"


def test_reader_pages_show_payloads_as_text(client, hostile):
    article, entity = hostile
    pages = {
        "home": reverse("home"),
        "article": article.get_absolute_url(),
        "entity": entity.get_absolute_url(),
        "source": article.source.get_absolute_url(),
        "search": reverse("search") + "?q=rapat+kabinet",
        "search for the payload": reverse("search") + "?q=" + SCRIPT,
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert_inert(html, name)
    article_html = client.get(article.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article_html
    assert TEMPLATE in article_html  # shown literally, never evaluated


def test_search_snippets_and_highlights_escape_payloads(client, hostile):
    data = client.get(reverse("api-search"), {"q": "rapat kabinet"}).json()
    assert data["count"] == 1
    hit = data["results"][0]
    assert_inert(hit["snippet_html"], "snippet_html")
    assert "<mark>" in hit["snippet_html"]
    assert SCRIPT in hit["snippet"] or "&lt;script&gt;" in hit["snippet_html"]


def test_the_api_returns_payloads_verbatim_as_json_strings(client, hostile):
    article, entity = hostile
    response = client.get(reverse("api-article", args=[article.pk]))
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    data = response.json()
    assert SCRIPT in data["title"] and SCRIPT in data["author"]
    entity_data = client.get(reverse("api-entity", args=[entity.slug])).json()
    assert entity_data["aliases"] == [f"Alias {IMG}"]


def test_admin_pages_show_payloads_as_text(client, hostile):
    article, entity = hostile
    admin = get_user_model().objects.create_superuser("kepala", "kepala@example.com", "kata-sandi-panjang-42")
    client.force_login(admin)
    source = Source.objects.get()
    failure = IngestFailure.objects.get()
    urls = [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_entity_changelist"),
        reverse("admin:articles_entity_change", args=[entity.pk]),
        reverse("admin:articles_alias_changelist"),
        reverse("admin:articles_mention_changelist"),
        reverse("admin:articles_source_changelist"),
        reverse("admin:articles_source_change", args=[source.pk]),
        reverse("admin:articles_ingestfailure_changelist"),
        reverse("admin:articles_ingestrun_change", args=[failure.run_id]),
        reverse("admin:articles_article_changelist") + "?q=" + SCRIPT,
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url)
