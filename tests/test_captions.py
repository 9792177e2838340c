"""Photo captions leave the story but are kept: once each, shown apart, searchable below the body's weight."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from articles.ingest.pipeline import ingest
from articles.models import Article

pytestmark = pytest.mark.django_db

CAPTIONED = """Rusia Gelar Latihan Senjata Nuklir Taktis

Moskow - Rusia menggelar latihan militer untuk melatih pasukan menggunakan senjata nuklir taktis di dekat perbatasan.

Peluncur rudal Kalibr-X bersiap di posisi tembak saat latihan militer Rusia. (Foto: Kementerian Pertahanan Rusia)

Latihan itu digelar setelah ketegangan meningkat di kawasan tersebut selama beberapa pekan terakhir.

Peluncur rudal Kalibr-X bersiap di posisi tembak saat latihan militer Rusia. (Foto: Kementerian Pertahanan Rusia)
"""
PLAIN = """Petani Panen Raya Padi di Karawang

Karawang - Petani di Karawang mulai memanen padi dengan hasil yang lebih baik dibanding musim lalu, kata dinas.

Harga gabah kering panen di tingkat petani stabil dan pemerintah daerah menyiapkan gudang penyimpanan tambahan.
"""


def test_a_repeated_caption_is_kept_once_apart_from_the_body(client, tmp_path):
    (tmp_path / "a.txt").write_text(CAPTIONED, encoding="utf-8")
    assert ingest([str(tmp_path / "a.txt")], processes=1).run.failed == 0
    article = Article.objects.get()
    data = client.get(f"/api/articles/{article.pk}").json()
    assert "Kalibr-X" not in data["body"]
    assert data["captions"] == [
        "Peluncur rudal Kalibr-X bersiap di posisi tembak saat latihan militer Rusia. "
        "(Foto: Kementerian Pertahanan Rusia)"]
    page = client.get(article.get_absolute_url()).content.decode()
    assert page.count("Peluncur rudal Kalibr-X") == 1


@pytest.mark.parametrize("backend", ["whoosh", "postgres"])
def test_captions_are_searchable_below_the_body(client, tmp_path, search_index, backend):
    (tmp_path / "a.txt").write_text(CAPTIONED, encoding="utf-8")
    (tmp_path / "b.txt").write_text(PLAIN.replace("memanen padi", "memanen padi dan memeriksa peluncur Kalibr-X"),
                                    encoding="utf-8")
    assert ingest([str(tmp_path)], processes=1).run.failed == 0
    with override_settings(SEARCH_BACKEND=backend):
        call_command("reindex", stdout=io.StringIO())
        titles = [hit["title"] for hit in client.get("/api/search", {"q": "Kalibr-X"}).json()["results"]]
        # Both are found; the article that says it in its story ranks above the one that only shows it in a photo.
        assert titles == ["Petani Panen Raya Padi di Karawang", "Rusia Gelar Latihan Senjata Nuklir Taktis"]


def test_the_seed_whose_launcher_is_only_in_a_caption_is_found(client, indexed_seeds):
    shown = [a for a in indexed_seeds if any("Iskander-M" in caption for caption in a.captions)]
    assert shown and all("Iskander" not in a.body for a in shown)
    found = {hit["id"] for hit in client.get("/api/search", {"q": "Iskander"}).json()["results"]}
    assert {a.pk for a in shown} <= found
