"""Wire copies in search: each near-duplicate cluster is one story, on both backends.

The story is shown by the agency's own copy when there is one (a reader takes ANTARA's article for the original
even when a regional copy carries an earlier time), else by the earliest copy. Among copies the choice is made
from what matched: a filter for outlet X (or a query only X's copy matches) shows X's copy.
"""

import json
import random

import pytest

from articles.ingest.pipeline import ingest
from articles.models import Article
from articles.search.indexing import drain
from articles.search.service import PAGE_SIZE, SearchParams, search
from articles.search.stories import stand_ins

pytestmark = pytest.mark.django_db

WORDS = ("sawah petani panen irigasi gudang pupuk harga beras jalan desa warga sungai jembatan sekolah guru murid "
         "pasar pedagang ikan nelayan pelabuhan kapal cuaca angin hujan kemarau sumur listrik lampu kantor camat "
         "bupati anggaran proyek kontraktor aspal truk gunung kebun kopi teh cengkeh rempah ekspor gula garam "
         "minyak tanah rumah atap dinding kayu bambu perahu dermaga pantai karang hutan satwa burung rusa")
FOOTER = "Ikuti berita terkini {outlet} di Google News."


def _story_text(seed: int, *, agency: str = "ANTARA") -> list[str]:
    """Four paragraphs of words no other story shares in runs of five, all mentioning "banjir"."""
    rng = random.Random(seed)  # noqa: S311 - reproducible filler text, not a secret
    lead = f"Jakarta ({agency}) - Banjir " if agency else "Banjir "
    return [lead + " ".join(rng.choices(WORDS.split(), k=24)) + "."] + [
        " ".join(rng.choices(WORDS.split(), k=24)).capitalize() + " banjir." for _ in range(3)]


def _record(seed: int, outlet: str, published: str, *, title: str, copy: bool = False, agency: str = "ANTARA"):
    paragraphs = _story_text(seed, agency=agency)
    if copy:  # a republished copy: one paragraph dropped, the house footer added
        paragraphs = [*paragraphs[:-1], FOOTER.format(outlet=outlet)]
    slug = outlet.lower().replace(" ", "")
    return {"url": f"https://{slug}.example/{seed}/{title.lower().replace(' ', '-')}", "outlet": outlet,
            "title": title, "published": published, "text": "\n".join(paragraphs)}


def _ingest(tmp_path, records, name="input.jsonl") -> None:
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(record) for record in records) + "\n", encoding="utf-8")
    report = ingest([str(path)], processes=1)
    assert report.run.failed == 0, report.errors
    drain(wait=True)


def _titles(page) -> list[str]:
    return [hit.article.title for hit in page.hits]


@pytest.fixture
def three_copies(each_backend, search_index, tmp_path):
    _ingest(tmp_path, [
        _record(1, "Kabar Sumsel", "Kamis, 22 Juni 2023 15:10 WIB", title="Banjir Rendam Sawah Kabar", copy=True),
        _record(1, "ANTARA", "Kamis, 22 Juni 2023 14:30 WIB", title="Banjir Rendam Sawah Antara"),
        _record(1, "Warta Riau", "Kamis, 22 Juni 2023 16:00 WIB", title="Banjir Rendam Sawah Warta", copy=True),
        _record(2, "Contoh Ekonomi", "Jumat, 23 Juni 2023 09:00 WIB", title="Banjir Lain di Pantai", agency=""),
    ])
    assert Article.objects.exclude(cluster=None).count() == 3


def test_three_copies_are_one_hit_shown_by_the_agency_copy_with_the_others_attached(three_copies):
    page = search(SearchParams(q="banjir"))
    assert page.count == 2
    assert sorted(_titles(page)) == ["Banjir Lain di Pantai", "Banjir Rendam Sawah Antara"]
    story = next(hit for hit in page.hits if hit.article.title == "Banjir Rendam Sawah Antara")
    assert [copy.title for copy in story.copies] == ["Banjir Rendam Sawah Kabar", "Banjir Rendam Sawah Warta"]
    assert sum(n for _source, n in page.facets["source"]) == 2
    assert sum(n for _month, n in page.facets["month"]) == 2


def test_every_copy_is_a_hit_when_asked_for(three_copies):
    page = search(SearchParams(q="banjir", copies="all"))
    assert page.count == 4
    assert sum(n for _source, n in page.facets["source"]) == 4
    antara = next(hit for hit in page.hits if hit.article.title == "Banjir Rendam Sawah Antara")
    assert len(antara.copies) == 2  # still says which hits are the same story


def test_a_filter_for_an_outlet_shows_that_outlets_copy(three_copies):
    page = search(SearchParams(q="banjir", source="warta-riau"))
    assert (page.count, _titles(page)) == (1, ["Banjir Rendam Sawah Warta"])
    assert page.hits[0].copies[0].title == "Banjir Rendam Sawah Antara"
    assert dict(page.facets["source"]) == {"warta-riau": 1}
    # Leaving the agency out shows the next copy in line, the earliest of the others.
    without = search(SearchParams(q="banjir -source:antara"))
    assert "Banjir Rendam Sawah Kabar" in _titles(without) and without.count == 2


def test_a_query_only_a_copy_matches_finds_that_copy(three_copies):
    # Each copy has a headline of its own.
    page = search(SearchParams(q="banjir warta"))
    assert _titles(page) == ["Banjir Rendam Sawah Warta"]


def test_the_agency_copy_stands_for_the_story_even_when_a_copy_is_dated_earlier(each_backend, search_index, tmp_path):
    _ingest(tmp_path, [
        _record(3, "Kabar Sumsel", "Kamis, 22 Juni 2023 13:00 WIB", title="Salinan Lebih Awal", copy=True),
        _record(3, "ANTARA", "Kamis, 22 Juni 2023 14:30 WIB", title="Asli dari Antara"),
        # Without the agency's own copy, the earliest copy stands for the story.
        _record(4, "Warta Riau", "Kamis, 22 Juni 2023 16:00 WIB", title="Salinan Kedua", copy=True),
        _record(4, "Kabar Sumsel", "Kamis, 22 Juni 2023 15:00 WIB", title="Salinan Pertama", copy=True),
    ])
    for sort in ("relevance", "newest"):
        assert sorted(_titles(search(SearchParams(q="banjir", sort=sort)))) == ["Asli dari Antara", "Salinan Pertama"]


def test_the_original_arriving_after_its_copy_takes_its_place(each_backend, search_index, tmp_path):
    _ingest(tmp_path, [_record(5, "Kabar Sumsel", "Kamis, 22 Juni 2023 15:10 WIB", title="Salinan", copy=True)])
    assert _titles(search(SearchParams(q="banjir"))) == ["Salinan"]
    _ingest(tmp_path, [_record(5, "ANTARA", "Kamis, 22 Juni 2023 14:30 WIB", title="Asli")], name="later.jsonl")
    page = search(SearchParams(q="banjir"))
    assert (page.count, _titles(page), [copy.title for copy in page.hits[0].copies]) == (1, ["Asli"], ["Salinan"])


def test_pages_count_stories_and_never_repeat_one(each_backend, search_index, tmp_path):
    stories = PAGE_SIZE + 3
    records = []
    for seed in range(10, 10 + stories):
        records.append(_record(seed, "ANTARA", f"Senin, {seed} Juli 2023 10:00 WIB", title=f"Asli {seed}"))
        records.append(_record(seed, "Kabar Sumsel", f"Senin, {seed} Juli 2023 09:00 WIB", title=f"Salinan {seed}",
                               copy=True))
    _ingest(tmp_path, records)
    for sort in ("relevance", "newest"):
        first, second = (search(SearchParams(q="banjir", sort=sort, page=n)) for n in (1, 2))
        assert first.count == second.count == stories
        titles = _titles(first) + _titles(second)
        assert len(titles) == stories and sorted(titles) == sorted(f"Asli {seed}" for seed in range(10, 10 + stories))
    assert search(SearchParams(q="banjir", copies="all")).count == 2 * stories
    everything = search(SearchParams(copies="all", page=3))
    assert everything.count == 2 * stories and len(everything.hits) == 2 * stories - 2 * PAGE_SIZE


def test_a_story_is_shown_by_its_matching_copy_with_the_lowest_place():
    stories = {10: (1, 2), 11: (1, 0), 12: (1, 1), 20: (2, 1), 21: (2, 1), 30: (3, 5)}
    assert stand_ins([10, 12, 20, 21, 30, 99], stories) == {12, 20, 30}


def test_the_api_lists_copies_and_refuses_a_bad_copies_value(three_copies, client):
    data = client.get("/api/search", {"q": "banjir"}).json()
    story = next(hit for hit in data["results"] if hit["copies"])
    assert story["title"] == "Banjir Rendam Sawah Antara"
    assert [(copy["title"], copy["source"]) for copy in story["copies"]] == [
        ("Banjir Rendam Sawah Kabar", "kabar-sumsel"), ("Banjir Rendam Sawah Warta", "warta-riau")]
    assert all(set(copy) >= {"id", "title", "url", "source"} for copy in story["copies"])
    assert client.get("/api/search", {"q": "banjir", "copies": "all"}).json()["count"] == 4
    response = client.get("/api/search", {"q": "banjir", "copies": "semua"})
    assert response.status_code == 400
    assert "copies" in response.json()["errors"]


def test_the_search_page_says_where_else_the_story_ran(three_copies, client):
    page = client.get("/search/", {"q": "banjir"}).text
    copy = Article.objects.get(title="Banjir Rendam Sawah Kabar")
    assert "Juga dimuat di 2 media lain" in page
    assert f'href="{copy.get_absolute_url()}"' in page
    assert "copies=all" in page
    every = client.get("/search/", {"q": "banjir", "copies": "all"}).text
    assert "Satukan salinannya" in every
