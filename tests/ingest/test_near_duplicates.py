"""Near-duplicates: one wire story republished by several outlets lands in one cluster."""

import json

import pytest

from articles.ingest.near_duplicates import signature, similarity
from articles.ingest.pipeline import ingest
from articles.models import Article
from tests.conftest import SEEDS_DIR

pytestmark = pytest.mark.django_db

STORY = (SEEDS_DIR / "002_fa85f88da078d27e.txt").read_text(encoding="utf-8").split("Share :")[1]


def _republished(tmp_path, story: str) -> str:
    """The same story from three outlets: each adds its own first line and drops a paragraph."""
    paragraphs = [p for p in story.split("\n\n") if p.strip()]
    lines = []
    for n, outlet in enumerate(["Kantor Satu", "Kantor Dua", "Kantor Tiga"]):
        body = "\n\n".join([f"Laporan {outlet} dari Brussel.", *paragraphs[: len(paragraphs) - n]])
        lines.append(json.dumps({"title": f"NATO {outlet}", "text": body, "source": outlet,
                                 "url": f"https://{n}.example/nato"}))
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    return str(path)


def test_the_same_wire_story_from_three_outlets_is_one_cluster(tmp_path, seeds):
    report = ingest([_republished(tmp_path, STORY)])
    assert report.run.ingested == 3
    copies = Article.objects.filter(title__startswith="NATO Kantor")
    clusters = {article.cluster_id for article in copies}
    assert len(clusters) == 1 and None not in clusters
    original = Article.objects.get(title__startswith="NATO Akan Kirim")
    assert original.cluster_id in clusters


def test_different_stories_are_not_clustered(seeds):
    assert not Article.objects.filter(cluster__isnull=False).exists()


def test_similarity_estimates_shared_shingles():
    text = " ".join(f"kata{i}" for i in range(300))
    assert similarity(signature(text), signature(text)) == 1.0
    assert similarity(signature(text), signature(text.replace("kata1", "lain"))) > 0.5
    assert similarity(signature(text), signature(" ".join(f"beda{i}" for i in range(300)))) < 0.1


def test_a_signature_is_datasketchs_own_minhash_so_stored_signatures_stay_comparable():
    from datasketch import MinHash

    text = "Banjir merendam ratusan rumah warga di Bekasi, Jawa Barat, pada Senin pagi setelah hujan deras."
    words = text.lower().replace(",", "").replace(".", "").split()
    plain = MinHash(num_perm=64, seed=1)  # as signatures were made before the permutations were kept
    plain.update_batch({" ".join(words[i:i + 5]).encode() for i in range(len(words) - 4)})
    assert signature(text).tolist() == plain.hashvalues.astype("uint64").tolist()
