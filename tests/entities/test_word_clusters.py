import time

from articles.entities import train_word_clusters
from articles.entities.features import sentence_features
from articles.entities.train_word_clusters import build, signs, write, write_signs
from articles.entities.word_clusters import DEFAULT_PATH, load, load_default, load_signs, normalise
from articles.entities.word_clusters import default_signs as load_default_signs

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


def test_vector_signs_mark_the_components_far_from_zero(tmp_path):
    import numpy as np

    vectors = np.array([[3.0, 0.0], [-3.0, 0.0], [0.0, -0.1], [0.0, 0.0]])
    found = signs(["a", "b", "c", "d"], vectors)
    assert [found[w][:2] for w in "abcd"] == ["+0", "-0", "0-", "00"]
    path = tmp_path / "signs.tsv"
    write_signs(found, path)
    assert load_signs(path) == found
    assert load_signs(tmp_path / "missing.tsv") == {}


def test_a_word_has_the_signs_of_its_vector_as_features_and_the_shipped_ones_cover_names():
    assert load_default_signs()["jakarta"].strip("0")
    own = sentence_features(["Jakarta"], ["O"])[0]
    assert {f"v{k}{s}" for k, s in enumerate(load_default_signs()["jakarta"]) if s != "0"} <= set(own)
