import time

from articles.entities import train_word_clusters
from articles.entities.train_word_clusters import build, write
from articles.entities.word_clusters import DEFAULT_PATH, load, load_default, normalise

SENTENCES = [
    ["warga", "di", name, "dan", other, "menolak", "kebijakan", "itu"]
    for name, other in [("Jakarta", "Bandung"), ("Surabaya", "Medan"), ("Bandung", "Jakarta")]
] * 4 + [["kata", person, "kepada", "wartawan", "di", "Jakarta"] for person in ("Budi", "Ani", "Joko")] * 4


def test_normalise_lowers_and_folds_digits():
    assert normalise("Jakarta") == "jakarta"
    assert normalise("2018") == normalise("1998") == "0000"


def test_build_is_deterministic_and_round_trips(tmp_path, monkeypatch):
    monkeypatch.setattr(train_word_clusters, "CONTEXT_WORDS", 20)
    monkeypatch.setattr(train_word_clusters, "DIMENSIONS", 4)
    first, second = build(SENTENCES, sizes=(2, 4)), build(SENTENCES, sizes=(2, 4))
    assert first == second
    assert {len(ids) for ids in first.values()} == {2}
    assert all(0 <= ids[0] < 2 and 0 <= ids[1] < 4 for ids in first.values())
    path = tmp_path / "clusters.tsv"
    write(first, path)
    assert load(path) == {w: tuple(map(str, ids)) for w, ids in first.items()}


def test_missing_file_gives_no_clusters(tmp_path):
    assert load(tmp_path / "missing.tsv") == {}


def test_shipped_clusters_are_small_fast_and_group_like_words():
    assert DEFAULT_PATH.stat().st_size < 2 * 1024 * 1024
    started = time.perf_counter()
    shipped = load(DEFAULT_PATH)
    assert time.perf_counter() - started < 1.0
    assert load_default()["senin"][1:] == load_default()["kamis"][1:]
    assert shipped["senin"][2] == shipped["selasa"][2]
