"""The evaluation protocols: NERGrit folds kept out of training, and a process recognising with another model."""

from pathlib import Path

import pytest

from articles.entities import evaluate, recognise, train
from articles.entities.recognise import DEFAULT_MODEL
from articles.entities.word_clusters import DEFAULT_PATH, DEFAULT_SIGNS

# 20 sentences, each told apart by its first word.
NERGRIT = [
    ([f"Kalimat{n}", "Joko", "tiba", "di", "Surabaya", "."], ["O", "B-PERSON", "O", "O", "B-PLACE", "O"])
    for n in range(20)
]
IDNER = [(["Budi", "ke", "Jakarta", "."], ["B-PER", "O", "B-LOC", "O"])]


def _conll(sentences: list[tuple[list[str], list[str]]]) -> str:
    return "".join("".join(f"{w}\t{t}\n" for w, t in zip(*s, strict=True)) + "\n" for s in sentences)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    for folder, name, sentences in (
        ("idner-news-2k", "train.txt", IDNER),
        ("idner-news-2k", "dev.txt", IDNER),
        ("nergrit", "train_preprocess.txt", NERGRIT),
    ):
        (tmp_path / "ner" / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / "ner" / folder / name).write_text(_conll(sentences), encoding="utf-8")
    return tmp_path


def test_every_nergrit_sentence_is_in_exactly_one_fold():
    for index in range(50):
        assert sum(train.held_out(index, fold) for fold in range(train.HELD_OUT_EVERY)) == 1
    assert train.held_out(0) and train.held_out(3, train.FRESH_FOLD) and not train.held_out(3)


def test_training_leaves_out_the_chosen_fold_and_keeps_the_others(data):
    nergrit = list(train.read_conll(data / "ner" / "nergrit" / "train_preprocess.txt"))
    for fold in (train.SHIPPED_FOLD, train.FRESH_FOLD):
        kept = list(train.train_sentences(data, fold))
        assert len(kept) == len(IDNER) + len(nergrit) - len(nergrit) // train.HELD_OUT_EVERY
        scored = evaluate.dev_sets(data, fold)[f"nergrit-fold{fold}"]
        assert scored == [s for i, s in enumerate(nergrit) if i % train.HELD_OUT_EVERY == fold]
    fresh = evaluate.dev_sets(data, train.FRESH_FOLD)["nergrit-fold3"]
    assert nergrit[3] in fresh and nergrit[0] not in fresh


@pytest.fixture
def shipped_model_back():
    yield
    recognise.use_model(DEFAULT_MODEL, DEFAULT_PATH, DEFAULT_SIGNS)


def test_a_process_recognises_with_the_model_it_was_told_to_use(data, tmp_path, gazetteer, shipped_model_back):
    text = "Jokowi bertemu Stoltenberg di Brussel kemarin."
    shipped = recognise.recognise(text, gazetteer, passes=())
    # A model that has seen no entity at all in a sentence like this one finds none of them.
    empty = tmp_path / "empty.crfsuite"
    nothing = _conll([(["Ia", "pergi", "."], ["O"] * 3)] * 5)
    for path in (data / "ner" / "nergrit" / "train_preprocess.txt", data / "ner" / "idner-news-2k" / "train.txt"):
        path.write_text(nothing, encoding="utf-8")
    recognise.use_model(empty, tmp_path / "no-clusters.tsv", tmp_path / "no-signs.tsv")
    train.train(data, empty, gazetteer)
    assert shipped and recognise.recognise(text, gazetteer, passes=()) == []
