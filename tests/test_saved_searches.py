"""Saved searches: signed-in users save, change and delete their own; digests e-mail each new match once, when due,
with an unsubscribe link that works without signing in."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from articles import digests
from articles.digests import send_due_digests
from articles.ingest.pipeline import ingest
from articles.models import Article, DigestFrequency, DigestItem, SavedSearch
from articles.search.indexing import drain
from tests.conftest import EDITOR_PASSWORD

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+")


@pytest.fixture
def reader(db):
    """A user an admin created: no staff rights, no group, an e-mail address."""
    return get_user_model().objects.create_user("pembaca", email="pembaca@example.com", password=EDITOR_PASSWORD)


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


def _save(user, query="q=Stoltenberg", digest=DigestFrequency.HOURLY, name="NATO", language="id") -> SavedSearch:
    return SavedSearch.objects.create(user=user, name=name, query=query, digest=digest, language=language)


def _older(saved: SavedSearch, **delta) -> SavedSearch:
    """`saved` as if saved (and last checked) `delta` ago."""
    then = timezone.now() - timedelta(**delta)
    SavedSearch.objects.filter(pk=saved.pk).update(created_at=then, checked_at=then)
    saved.refresh_from_db()
    return saved


def _ingest_new(tmp_path, title: str) -> Article:
    path = tmp_path / "baru.jsonl"
    path.write_text(json.dumps({"title": title, "source": "Kantor Baru",
                                "text": "Jens Stoltenberg berbicara di Brussel tentang NATO dan Ukraina."}))
    ingest([str(path)])
    drain(wait=True)
    return Article.objects.get(title=title)


# Saving, listing, deleting

def test_anonymous_users_are_sent_to_log_in(client, db):
    for response in (client.get("/saved-searches/"), client.post("/saved-searches/", {"name": "x", "query": "q=x"})):
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/saved-searches/"
    assert SavedSearch.objects.count() == 0
    assert client.get("/accounts/login/").status_code == 200


def test_a_user_an_admin_created_logs_in_on_the_reader_login_page(client, reader):
    response = client.post("/accounts/login/", {"username": "pembaca", "password": EDITOR_PASSWORD,
                                                "next": "/search/?q=nato"})
    assert response.status_code == 302
    assert response["Location"] == "/search/?q=nato"
    assert client.get("/saved-searches/").status_code == 200


def test_signing_out_asks_on_get_and_happens_on_post(reader_client):
    assert reader_client.get("/accounts/logout/").status_code == 200
    assert reader_client.get("/saved-searches/").status_code == 200
    assert reader_client.post("/accounts/logout/")["Location"] == "/"
    assert reader_client.get("/saved-searches/").status_code == 302


def test_the_search_page_offers_saving_to_signed_in_users_and_login_to_others(client, reader, indexed_seeds):
    anonymous = client.get("/search/", {"q": "Stoltenberg"}).text
    assert 'href="/accounts/login/?next=/search/%3Fq%3DStoltenberg"' in anonymous
    assert 'action="/saved-searches/"' not in anonymous
    client.force_login(reader)
    signed_in = client.get("/search/", {"q": "Stoltenberg", "page": "1"}).text
    assert 'action="/saved-searches/"' in signed_in
    assert 'name="query" value="q=Stoltenberg"' in signed_in


def test_a_user_saves_the_search_parameters_and_lists_them(reader_client, reader, indexed_seeds):
    response = reader_client.post("/saved-searches/", {
        "name": "  NATO dan Stoltenberg ", "query": "q=Stoltenberg&sort=newest&page=2&source=&type=person",
        "digest": "hourly"})
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=reader)
    assert (saved.name, saved.query, saved.digest, saved.language) == (
        "NATO dan Stoltenberg", "q=Stoltenberg&type=person", "hourly", "id")
    page = reader_client.get("/saved-searches/")
    assert 'href="/search/?q=Stoltenberg&amp;type=person">NATO dan Stoltenberg</a>' in page.text
    assert 'href="/search/feed/?q=Stoltenberg&amp;type=person"' in page.text


def test_an_invalid_search_is_not_saved(reader_client, reader):
    response = reader_client.post("/saved-searches/", {"name": "x", "query": "q=nato&from=kemarin",
                                                       "digest": "daily"})
    assert response.status_code == 400
    assert SavedSearch.objects.count() == 0
    assert reader_client.post("/saved-searches/", {"name": " ", "query": "q=nato"}).status_code == 400


def test_a_user_keeps_at_most_so_many_saved_searches(reader_client, reader):
    SavedSearch.objects.bulk_create([SavedSearch(user=reader, name=f"s{n}", query=f"q=s{n}")
                                     for n in range(digests.MAX_SAVED_SEARCHES)])
    response = reader_client.post("/saved-searches/", {"name": "satu lagi", "query": "q=nato", "digest": "daily"})
    assert response.status_code == 400
    assert "Paling banyak 50" in response.text


def test_users_change_and_delete_only_their_own_searches(reader_client, reader, editor):
    mine, theirs = _save(reader), _save(editor)
    assert reader_client.post(f"/saved-searches/{theirs.pk}/delete/").status_code == 404
    assert reader_client.post(f"/saved-searches/{theirs.pk}/digest/", {f"{theirs.pk}-digest": "off"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.digest == DigestFrequency.HOURLY
    assert reader_client.post(f"/saved-searches/{mine.pk}/digest/", {f"{mine.pk}-digest": "daily"}).status_code == 302
    mine.refresh_from_db()
    assert mine.digest == DigestFrequency.DAILY
    assert reader_client.get(f"/saved-searches/{mine.pk}/delete/").status_code == 405
    assert reader_client.post(f"/saved-searches/{mine.pk}/delete/").status_code == 302
    assert list(SavedSearch.objects.all()) == [theirs]


def test_editors_have_saved_searches_too(editor_client, editor):
    editor.email = "redaksi@example.com"
    editor.save()
    assert editor_client.post("/saved-searches/", {"name": "Bekasi", "query": "q=Bekasi",
                                                   "digest": "daily"}).status_code == 302
    assert "Bekasi" in editor_client.get("/saved-searches/").text


# Digests

def test_a_digest_is_sent_when_due_and_lists_the_new_matches(reader, indexed_seeds, settings):
    settings.SITE_URL = "https://telusur.example"
    saved = _older(_save(reader), hours=1, minutes=1)
    assert send_due_digests() == 1
    [message] = mail.outbox
    assert message.to == ["pembaca@example.com"]
    assert message.subject == "Telusur: 5 artikel baru untuk “NATO”"
    for article in indexed_seeds:
        assert article.title in message.body
        assert f"https://telusur.example{article.get_absolute_url()}" in message.body
    assert "https://telusur.example/search/?q=Stoltenberg" in message.body
    # The token holds the second it was signed: read it back rather than sign another one a second later.
    [token] = re.findall(r"https://telusur\.example/unsubscribe/([^/\s]+)/", message.body)
    assert digests.saved_search_for_token(token) == saved
    assert message.extra_headers["List-Unsubscribe"] == f"<https://telusur.example/unsubscribe/{token}/>"
    saved.refresh_from_db()
    assert saved.last_sent_at is not None
    assert DigestItem.objects.filter(saved_search=saved).count() == 5


def test_a_digest_is_not_sent_before_it_is_due(reader, indexed_seeds):
    hourly = _older(_save(reader), minutes=40)
    daily = _older(_save(reader, digest=DigestFrequency.DAILY), hours=23)
    _older(_save(reader, digest=DigestFrequency.OFF), days=30)
    assert send_due_digests() == 0
    assert mail.outbox == []
    assert send_due_digests(now=hourly.checked_at + timedelta(hours=1)) == 1
    assert send_due_digests(now=daily.checked_at + timedelta(days=1)) == 1
    assert len(mail.outbox) == 2


def test_articles_from_before_the_search_was_saved_are_not_new(reader, indexed_seeds, tmp_path):
    saved = _save(reader)
    assert send_due_digests(now=saved.checked_at + timedelta(hours=1)) == 0
    assert mail.outbox == []
    saved.refresh_from_db()
    new = _ingest_new(tmp_path, "Stoltenberg di Brussel")
    assert send_due_digests(now=saved.checked_at + timedelta(hours=1)) == 1
    assert mail.outbox[0].subject == "Telusur: 1 artikel baru untuk “NATO”"
    assert new.title in mail.outbox[0].body


def test_no_article_is_sent_twice_for_one_saved_search(reader, indexed_seeds, tmp_path):
    saved = _older(_save(reader), hours=2)
    other = _older(_save(reader, name="Lainnya"), hours=2)
    assert send_due_digests() == 2
    # Due again, nothing new: no e-mail, even with the clock turned back.
    _older(saved, hours=2)
    assert send_due_digests() == 0
    new = _ingest_new(tmp_path, "Stoltenberg lagi")
    _older(saved, hours=2)
    _older(other, hours=2)
    assert send_due_digests() == 2
    for message in mail.outbox[2:]:
        assert new.title in message.body
        assert indexed_seeds[0].title not in message.body
    assert DigestItem.objects.filter(saved_search=saved).count() == 6


def test_a_digest_is_written_in_the_language_the_search_was_saved_in(reader, indexed_seeds):
    _older(_save(reader, language="en"), hours=2)
    send_due_digests()
    assert mail.outbox[0].subject == "Telusur: 5 new articles for “NATO”"
    assert "Stop receiving this digest (no sign-in needed):" in mail.outbox[0].body


def test_users_without_an_address_or_inactive_get_no_digest(reader, indexed_seeds):
    _older(_save(reader), hours=2)
    get_user_model().objects.filter(pk=reader.pk).update(email="")
    assert send_due_digests() == 0
    get_user_model().objects.filter(pk=reader.pk).update(email="pembaca@example.com", is_active=False)
    assert send_due_digests() == 0


def test_the_command_sends_what_is_due_here_or_through_the_task_workers(reader, indexed_seeds, capsys):
    saved = _older(_save(reader), hours=2)
    call_command("send_digests")
    assert capsys.readouterr().out.strip() == "sent 1 digest(s)"
    _older(saved, hours=2)
    DigestItem.objects.all().delete()
    call_command("send_digests", "--enqueue")  # the immediate backend runs the task at once
    assert capsys.readouterr().out.strip() == "queued send_digests"
    assert len(mail.outbox) == 2


# Unsubscribing

def test_the_unsubscribe_link_works_without_signing_in(reader, indexed_seeds):
    _older(_save(reader), hours=2)
    send_due_digests()
    url = LINK.findall(mail.outbox[0].body)[-1]
    assert "/unsubscribe/" in url
    path = url.split("://", 1)[1].split("/", 1)[1]
    anonymous = Client(enforce_csrf_checks=True)
    confirm = anonymous.get(f"/{path}")
    assert confirm.status_code == 200
    assert SavedSearch.objects.get().digest == DigestFrequency.HOURLY  # a link scanner's GET changes nothing
    done = anonymous.post(f"/{path}")  # as a mail program's one-click unsubscribe: no CSRF token
    assert done.status_code == 200
    assert "tidak dikirim lagi" in done.text
    saved = SavedSearch.objects.get()
    assert saved.digest == DigestFrequency.OFF
    _older(saved, days=2)
    assert send_due_digests() == 0


def test_a_forged_or_stale_unsubscribe_link_changes_nothing(client, reader):
    saved = _save(reader)
    token = digests.unsubscribe_token(saved)
    assert client.post(f"/unsubscribe/{token[:-2]}xx/").status_code == 404
    saved.refresh_from_db()
    assert saved.digest == DigestFrequency.HOURLY
    saved.delete()
    assert client.post(f"/unsubscribe/{token}/").status_code == 404

