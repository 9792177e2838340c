"""The index queue under concurrent changes: an article changed while the writer indexes it is indexed again."""

import threading

import pytest
from django.db import connection, transaction

from articles.models import Article, IndexQueue, Source
from articles.search import indexing
from articles.search.service import SearchParams, search


def _edit_in_another_transaction(pk: int, title: str, body: str) -> threading.Thread:
    """An editor's save on its own connection (a thread gets its own), as the admin does it: change and enqueue."""

    def save() -> None:
        try:
            with transaction.atomic():
                Article.objects.filter(pk=pk).update(title=title, body=body)
                indexing.enqueue([pk])
        finally:
            connection.close()

    thread = threading.Thread(target=save)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_a_change_enqueued_while_the_writer_indexes_is_not_lost(each_backend, search_index, monkeypatch):
    source = Source.objects.create(name="Kantor Uji", slug="kantor-uji")
    article = Article.objects.create(source=source, title="Banjir merendam Bekasi", url="https://uji.example/1",
                                     body="Banjir merendam Bekasi. Warga mengungsi ke masjid terdekat.")
    indexing.enqueue([article.pk])
    write = indexing.index_articles
    editors = []

    def write_then_edit(ids) -> int:
        written = write(ids)
        if not editors:  # the editor saves after the writer read the article, before it clears the queue
            editors.append(_edit_in_another_transaction(
                article.pk, "Longsor menutup jalan Puncak", "Longsor menutup jalan Puncak sejak pagi."))
            editors[0].join(timeout=30)
            assert not editors[0].is_alive(), "an editor's save waited for the index write"
        return written

    monkeypatch.setattr(indexing, "index_articles", write_then_edit)
    assert indexing.drain(wait=True) == 2  # the first write, then the change queued meanwhile

    assert not IndexQueue.objects.exists()
    assert search(SearchParams(q="longsor puncak")).count == 1
    assert search(SearchParams(q="banjir bekasi")).count == 0


@pytest.mark.django_db(transaction=True)
def test_enqueueing_a_queued_article_keeps_one_row_with_a_new_version():
    source = Source.objects.create(name="Kantor Uji", slug="kantor-uji")
    article = Article.objects.create(source=source, title="Gempa di Cianjur", url="https://uji.example/2",
                                     body="Gempa mengguncang Cianjur pagi ini.")
    indexing.enqueue([article.pk])
    first = IndexQueue.objects.get(article_id=article.pk).version
    indexing.enqueue([article.pk, article.pk])
    assert IndexQueue.objects.filter(article_id=article.pk).count() == 1
    assert IndexQueue.objects.get(article_id=article.pk).version > first
