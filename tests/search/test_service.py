"""The search service over the seeds: what a reader's query finds, filters, suggestions, the entity card."""

from datetime import date

import pytest

from articles.models import Article, StoryCluster
from articles.search.service import SearchParams, search

pytestmark = pytest.mark.django_db


def _titles(page) -> set[str]:
    return {hit.article.title for hit in page.hits}


def _ids(page) -> set[int]:
    return {hit.article.pk for hit in page.hits}


def test_stemming_meets_word_forms(indexed_seeds):
    # Only seed 002 says "dikerahkan", seed 000 and 003 "mengerahkan"; "pengerahan" is in none.
    found = _ids(search(SearchParams(q="pengerahan")))
    assert found == {a.pk for a in indexed_seeds if "dikerahkan" in a.body or "mengerahkan" in a.body}
    assert len(found) >= 3


def test_all_words_must_match(indexed_seeds):
    page = search(SearchParams(q="Stoltenberg Swiss"))
    assert page.count == 1
    assert "Swiss" in page.hits[0].article.body


def test_exclusion_and_or(indexed_seeds):
    assert search(SearchParams(q="Stoltenberg -Biden")).count == 4
    both = search(SearchParams(q="Biden OR Assad")).count
    assert both == 2


def test_synonyms_find_china_for_tiongkok(indexed_seeds):
    china_only = [a for a in indexed_seeds if "China" in a.body and "Tiongkok" not in a.body]
    assert china_only
    assert {a.pk for a in china_only} <= _ids(search(SearchParams(q="Tiongkok")))


def test_the_snippet_marks_the_matched_words(indexed_seeds):
    hit = search(SearchParams(q="dikerahkan")).hits[0]
    marked = [text for text, matched in hit.snippet if matched]
    assert marked and all(word.lower() in {"dikerahkan", "mengerahkan", "kerahkan"} for word in marked)


def test_a_misspelled_name_gets_a_suggestion(indexed_seeds):
    page = search(SearchParams(q="Stoltenburg"))
    assert page.count == 0
    assert page.suggestion == "Stoltenberg"


def test_a_query_naming_an_entity_shows_its_card(indexed_seeds):
    assert search(SearchParams(q="Presiden Putin")).entity_card.slug == "vladimir-putin"
    assert search(SearchParams(q="senjata nuklir")).entity_card is None


def _shown(page) -> list[tuple]:
    return [(hit.article.pk, hit.article.title, hit.article.source.name, hit.article.published, hit.score,
             hit.snippet, [(copy.pk, copy.source.name) for copy in hit.copies]) for hit in page.hits]


def test_a_repeated_search_is_answered_from_the_cache_without_a_query_until_an_article_changes(
        indexed_seeds, django_assert_num_queries):
    first = search(SearchParams(q="Stoltenberg"))
    assert first.count >= 2
    with django_assert_num_queries(0):
        again = search(SearchParams(q="Stoltenberg"))
        assert _shown(again) == _shown(first) and again.facets == first.facets
    assert again.hits[0].article is not first.hits[0].article  # each answer its own copy: a page may change it
    assert "body" in again.hits[0].article.get_deferred_fields()  # kept out of the cache entry, read on access
    assert again.hits[0].article.body == Article.objects.get(pk=again.hits[0].article.pk).body
    article = Article.objects.get(pk=first.hits[0].article.pk)
    article.title = "Judul yang disunting redaksi"
    article.save()
    assert search(SearchParams(q="Stoltenberg")).hits[0].article.title == "Judul yang disunting redaksi"


def test_a_repeated_api_search_with_copies_asks_the_database_nothing(indexed_seeds, client,
                                                                      django_assert_num_queries):
    cluster = StoryCluster.objects.create()
    Article.objects.filter(pk__in=[article.pk for article in indexed_seeds]).update(cluster=cluster)
    first = client.get("/api/search", {"q": "Stoltenberg", "copies": "all"}).json()
    assert any(item["copies"] for item in first["results"])
    with django_assert_num_queries(0):
        again = client.get("/api/search", {"q": "Stoltenberg", "copies": "all"}).json()
    assert {**again, "took_ms": 0} == {**first, "took_ms": 0}  # copies' dates in their outlets' offsets too


def test_filters_narrow_and_facets_count_all_hits(indexed_seeds):
    page = search(SearchParams(q="Stoltenberg"))
    sources = dict(page.facets["source"])
    assert sum(sources.values()) == 5
    okezone = search(SearchParams(q="Stoltenberg", source="okezone"))
    assert okezone.count == sources["okezone"] == 1
    people = dict(page.facets["entity"])
    assert people["jens-stoltenberg"] == 5
    biden = search(SearchParams(q="Stoltenberg", entity="joe-biden"))
    assert biden.count == people["joe-biden"] == 1


def test_query_syntax_filters_by_source(indexed_seeds):
    assert search(SearchParams(q="Stoltenberg source:okezone")).count == 1


def test_date_range_keeps_articles_published_inside_it(indexed_seeds):
    from datetime import date

    page = search(SearchParams(q="Stoltenberg", date_from=date(2022, 10, 1), date_to=date(2022, 10, 31)))
    # Medcom's 11 October and Bali Post's "Selasa (18/10)" of a text that names 2022.
    assert _titles(page) == {"NATO: Rusia Serang Kota-Kota Ukraina karena Kalah di Medan Perang",
                             "Penggunakan senjata nuklir oleh Rusia untuk melawan Ukraina"}


def test_newest_first_sorting_puts_undated_articles_last(each_backend, seeds, search_index):
    search_index.fill()
    for params in (SearchParams(q="Stoltenberg", sort="newest"), SearchParams(q="")):
        dates = [hit.article.published for hit in search(params).hits]
        assert None in dates, "the seeds hold an undated article"
        dated = [date for date in dates if date]
        assert dates == [*sorted(dated, reverse=True), *[None] * (len(dates) - len(dated))]


def test_a_page_past_the_end_is_empty_not_an_error(indexed_seeds):
    page = search(SearchParams(q="Stoltenberg", page=7))
    assert page.count == 5
    assert page.hits == []


def test_an_empty_query_lists_everything_newest_first(indexed_seeds):
    assert search(SearchParams(q="")).count == 5


def test_page_and_api_give_the_same_results_and_facets(client, indexed_seeds):
    params = {"q": "NATO Rusia", "sort": "relevance"}
    page = client.get("/search/", params).context["results"]
    api = client.get("/api/search", params).json()
    assert [hit.article.pk for hit in page.hits] == [item["id"] for item in api["results"]]
    histogram = api["facets"].pop("published_histogram")
    assert {name: [[v, c] for v, c in counts] for name, counts in page.facets.items()} == {
        name: [[item["value"], item["count"]] for item in items] for name, items in api["facets"].items()}
    assert [[b.start.isoformat(), b.end.isoformat(), b.count] for b in page.histogram] == [
        [item["start"], item["end"], item["count"]] for item in histogram]
    assert sum(item["count"] for item in histogram) == sum(item["count"] for item in api["facets"]["month"]) > 0


def test_autocomplete_offers_entities_then_titles(client, indexed_seeds):
    results = client.get("/api/autocomplete", {"q": "stol"}).json()["results"]
    assert results[0] == {"label": "Jens Stoltenberg", "kind": "entity", "type": "person",
                          "url": "/entities/jens-stoltenberg/"}
    titles = client.get("/api/autocomplete", {"q": "kota-kota"}).json()["results"]
    assert [item["kind"] for item in titles] == ["article"]
    assert client.get("/api/autocomplete", {"q": "x"}).json() == {"results": []}


def test_when_nothing_has_every_word_the_closest_articles_are_shown(indexed_seeds):
    strict = search(SearchParams(q="Stoltenberg Swiss Biden"))
    assert strict.relaxed and strict.count >= 2
    best = strict.hits[0].article.body
    assert sum(word in best for word in ("Stoltenberg", "Swiss", "Biden")) == 2
    assert not search(SearchParams(q="Stoltenberg Swiss")).relaxed


def test_a_single_unknown_word_is_not_relaxed_away(indexed_seeds):
    page = search(SearchParams(q="Stoltenburg"))
    assert page.count == 0 and not page.relaxed


def test_a_large_batch_is_indexed_by_several_processes_and_stays_searchable(search_index, db, tmp_path):
    import json

    from articles.forking import PARALLEL_BATCH
    from articles.ingest.pipeline import ingest
    from articles.search.indexing import drain

    lines = [json.dumps({"title": f"Banjir di kota {n}", "source": "Kantor Uji", "url": f"https://uji.example/{n}",
                         "text": f"Banjir merendam kota nomor {n}. Warga mengungsi ke tempat yang lebih tinggi."})
             for n in range(PARALLEL_BATCH + 20)]
    path = tmp_path / "banjir.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    ingest([str(path)])
    assert drain(wait=True) == PARALLEL_BATCH + 20
    assert search(SearchParams(q="banjir mengungsi")).count == PARALLEL_BATCH + 20
    assert search(SearchParams(q='"kota nomor 7"')).count == 1


def test_totals_and_facets_count_every_match_past_the_first_page(search_index, db, tmp_path):
    import json

    from articles.ingest.pipeline import ingest
    from articles.search.indexing import drain

    lines = [json.dumps({"title": f"Banjir melanda desa {n}", "source": "Kantor Timur" if n % 3 else "Kantor Barat",
                         "url": f"https://uji.example/banjir/{n}", "date": f"2023-0{1 + n % 6}-10T08:00:00+07:00",
                         "text": f"Banjir melanda desa nomor {n} " + "dan warga mengungsi. " * (1 + n % 5)})
             for n in range(45)]
    path = tmp_path / "banjir.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    ingest([str(path)])
    drain(wait=True)

    page = search(SearchParams(q="banjir mengungsi"))
    assert page.count == 45
    assert dict(page.facets["source"]) == {"kantor-timur": 30, "kantor-barat": 15}
    assert sum(n for _, n in page.facets["month"]) == 45
    every = [hit.article.pk for number in range(1, 6) for hit in search(SearchParams(q="banjir mengungsi",
                                                                                      page=number)).hits]
    assert len(every) == len(set(every)) == 45
    barat = search(SearchParams(q="banjir mengungsi", source="kantor-barat"))
    assert barat.count == 15 and dict(barat.facets["source"]) == {"kantor-barat": 15}
    newest = search(SearchParams(q="banjir mengungsi", source="kantor-barat", sort="newest"))
    assert newest.count == 15 and dict(newest.facets["source"]) == {"kantor-barat": 15}
    assert search(SearchParams(q="banjir mengungsi", source="kantor-selatan")).count == 0
    assert search(SearchParams(q="banjir", date_from=date(2024, 1, 1))).count == 0
    spring = search(SearchParams(q="banjir", source="kantor-barat", date_from=date(2023, 3, 1),
                                 date_to=date(2023, 4, 30)))
    assert spring.count == 7 and dict(spring.facets["month"]) == {"2023-04": 7}  # Barat: n % 3 == 0


def test_a_kept_filter_follows_new_articles(indexed_seeds, tmp_path):
    import json

    from articles.ingest.pipeline import ingest
    from articles.search.indexing import drain

    assert search(SearchParams(q="Stoltenberg", source="okezone")).count == 1
    path = tmp_path / "okezone.jsonl"
    path.write_text(json.dumps({"title": "Stoltenberg di Oslo", "source": "Okezone", "url": "https://okezone.example/1",
                                "text": "Jens Stoltenberg kembali ke Oslo setelah bertugas di NATO."}))
    ingest([str(path)])
    drain(wait=True)
    assert search(SearchParams(q="Stoltenberg", source="okezone")).count == 2


def test_did_you_mean_offers_only_indexed_words_of_bounded_length(seeds, search_index, tmp_path):
    from articles.ingest.pipeline import ingest
    from articles.search.backends.whoosh import SUGGEST_MAX_CHARS, suggest

    junk = "x" * (SUGGEST_MAX_CHARS + 10)
    story = tmp_path / "kode.txt"
    story.write_text(f"Kode panjang\n\nPetugas menemukan kode {junk} di gudang pelabuhan Tanjung Priok pada Senin "
                     "malam, kata polisi.", encoding="utf-8")
    assert ingest([str(story)]).run.ingested == 1
    search_index.fill()
    assert suggest(junk) == ""  # indexed as it is
    assert suggest("x" + junk[1:-1] + "y") == ""  # one edit from an indexed word, but no word at that length
    assert suggest("Stoltenburg") == "Stoltenberg"
    suggestion = suggest("pelabuhn Stoltenburg qqzzqq")
    assert suggestion == "pelabuhan Stoltenberg qqzzqq"  # corrected words are indexed ones; unknown ones stay


def test_did_you_mean_takes_a_swap_of_letters_as_one_edit(indexed_seeds):
    from articles.search.backends.whoosh import suggest

    assert suggest("Ntao Stoltneberg") == "Nato Stoltenberg"
