"""The Whoosh backend: facet maps per segment, merging the index into one segment (`merge_index`) keeps every
result, and documents written by forked writer processes answer as those written in one process."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from haystack import connections

from articles.forking import PARALLEL_BATCH, writer_processes
from articles.models import Article
from articles.search.backends import whoosh
from articles.search.backends.base import Request
from articles.search.indexing import index_articles, merge_index
from articles.search.service import SearchParams, search, warm
from articles.search.synonyms import SynonymMap
from tests.search.indexes import articles_like

pytestmark = pytest.mark.django_db


def _add_segments(articles) -> None:
    """Re-index each article in a commit of its own that merges nothing: one more segment each."""
    backend = connections["default"].get_backend()
    index = connections["default"].get_unified_index().get_index(Article)
    for article in articles:
        document = {key: backend._from_python(value) for key, value in index.full_prepare(article).items()
                    if key != "boost"}
        writer = backend.index.refresh().writer()
        writer.update_document(**document)
        writer.commit(merge=False)


def _answers(q: str) -> tuple[int, list[int], dict]:
    page = search(SearchParams(q=q))
    return page.count, [hit.article.pk for hit in page.hits], page.facets


def test_merging_leaves_one_segment_and_the_same_results(indexed_seeds):
    _add_segments(indexed_seeds[:2])
    before = {q: _answers(q) for q in ["Stoltenberg", "NATO Ukraina", '"Jens Stoltenberg"']}
    merged_away = _segment_ids()
    assert all(whoosh._segment_maps.peek((s, "source")) is not None for s in merged_away)
    assert merge_index() == (3, 1)
    cache.clear()  # a merge changes no answer, so cached ones would stand; this makes sure the searches run
    assert {q: _answers(q) for q in before} == before
    # The facet maps of the segments merged away are dropped once a search opens the merged index.
    assert all(whoosh._segment_maps.peek((s, "source")) is None for s in merged_away)
    assert merge_index() == (1, 1)


def test_the_command_reports_the_segments(indexed_seeds, capsys):
    _add_segments(indexed_seeds[:1])
    call_command("merge_index")
    assert "whoosh: 2 segments -> 1 in" in capsys.readouterr().out


def test_deleting_articles_is_one_commit_and_merging_rewrites_old_segments_packed(indexed_seeds):
    from articles.search.whoosh_codec import PackedCodec

    _add_segments(indexed_seeds[:3])  # Whoosh's own writer and codec: as an index written before Telusur's codec
    gone = [article.pk for article in indexed_seeds[:2]]
    index = connections["default"].get_backend().index.refresh()
    generation = index.latest_generation()
    whoosh.delete(gone)
    assert index.latest_generation() == generation + 1
    cache.clear()
    assert _answers("Stoltenberg")[0] == 3 and not set(gone) & set(_answers("Stoltenberg")[1])
    merge_index()
    with index.refresh().reader() as reader:
        assert [type(leaf.segment().codec()) for leaf, _ in reader.leaf_readers()] == [PackedCodec]
        assert reader.doc_count() == len(indexed_seeds) - 2


def _segment_count() -> int:
    with connections["default"].get_backend().index.refresh().reader() as reader:
        return len(reader.leaf_readers())


def _segment_ids() -> set[str]:
    return {leaf.segment().segment_id() for leaf, _ in whoosh._searcher().reader().leaf_readers()}


FACET_MAPS = ("source", "entity", "entity_type", "month", "day")


def test_warming_builds_the_facet_maps_before_the_first_search(indexed_seeds):
    whoosh._forget_segments([])
    segments = _segment_ids()
    assert all(whoosh._segment_maps.peek((s, f)) is None for s in segments for f in FACET_MAPS)
    warm()
    assert all(whoosh._segment_maps.peek((s, f)) is not None for s in segments for f in FACET_MAPS)


def test_a_reused_searcher_sees_new_articles_and_their_facets(indexed_seeds, tmp_path):
    import json

    from articles.ingest.pipeline import ingest
    from articles.search.indexing import drain

    assert dict(search(SearchParams(q="Stoltenberg")).facets["source"]).get("kantor-baru") is None
    path = tmp_path / "baru.jsonl"
    path.write_text(json.dumps({"title": "Stoltenberg di Jakarta", "source": "Kantor Baru",
                                "text": "Jens Stoltenberg berbicara tentang NATO di Jakarta."}))
    ingest([str(path)])
    drain(wait=True)
    page = search(SearchParams(q="Stoltenberg"))
    assert page.count == 6
    assert dict(page.facets["source"])["kantor-baru"] == 1
    assert all(whoosh._segment_maps.peek((s, "source")) is not None for s in _segment_ids())


# Lemma matches (mengerahkan/pengerahan, dikalahkan/kalah, penghapusan/hapus), a phrase, a name.
SAME_QUERIES = ["pengerahan senjata", "kalah Rusia", "hapus rudal", '"senjata nuklir"', "Stoltenberg"]


def _every_answer() -> dict[str, tuple]:
    """For each query: every match with its score, the total and the facets, straight from the backend."""
    answers = {}
    for q in SAME_QUERIES:
        found = whoosh.find(Request(query=whoosh.parse(q, synonyms=SynonymMap()).query, limit=10_000, every_copy=True))
        answers[q] = (found.count, sorted((pk, round(score, 9)) for pk, score in found.ranked), found.facets)
    return answers


def test_forked_writers_answer_as_one_process_does(seeds, search_index):
    ids = sorted([article.pk for article in seeds] + articles_like(seeds, PARALLEL_BATCH))
    processes = writer_processes(len(ids))
    assert processes > 1  # else both ways below would be the one in-process writer
    for start in range(0, len(ids), PARALLEL_BATCH - 1):  # batches too small to fork: written in this process
        index_articles(ids[start : start + PARALLEL_BATCH - 1])
    in_process = _every_answer()
    assert in_process["pengerahan senjata"][0] > 0 and in_process["kalah Rusia"][0] > 0
    connections["default"].get_backend().clear()
    index_articles(ids)  # one batch: forked writers, one segment each
    assert _segment_count() == processes
    assert _every_answer() == in_process


def test_a_drain_of_a_few_thousand_articles_is_one_write(seeds, search_index):
    from articles.search.indexing import drain, enqueue

    ids = articles_like(seeds, 2_001) + [article.pk for article in seeds]  # more than a batch held before issue 16
    processes = writer_processes(len(ids))
    enqueue(ids)
    assert drain(wait=True) == len(ids)
    assert _segment_count() == processes  # one write: a segment per writer process, nothing merged



def test_a_forked_write_leaves_the_next_write_free_to_fork(seeds, search_index):
    import threading

    ids = sorted([article.pk for article in seeds] + articles_like(seeds, PARALLEL_BATCH))
    processes = writer_processes(len(ids))
    index_articles(ids)
    assert threading.active_count() == 1  # Whoosh's queue feeder threads are gone
    assert writer_processes(len(ids)) == processes
    index_articles(ids)  # a long-lived drain's second batch forks again: a segment per process
    assert _segment_count() == 2 * processes
