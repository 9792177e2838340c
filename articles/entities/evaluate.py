"""Score the recogniser on two dev sets it was never trained on, beside a plain CRF trained in the same run.

python -m articles.entities.evaluate [--data ../shared/data] [--model fixtures/models/ner-id.crfsuite]
                                     [--fold 0] [--retrain] [--ablate] [--speed N]

The two dev sets differ in style, so both count:
- `idner-news-2k/dev.txt` (367 sentences; never trained on),
- a NERGrit held-out fold: every fifth sentence of `nergrit/train_preprocess.txt` (`train.held_out`). Fold 0
  (sentences 0, 5, 10, ...) is the one `make train-ner` keeps out of the shipped model and the word clusters.
  Only NERGrit's tag names are mapped (PERSON/PLACE/ORGANISATION -> PER/LOC/ORG); its gold spans are scored as
  annotated, not harmonised.

Two protocols. IDNER dev and fold 0 guided the recogniser's rules, so they are no longer untouched: they are
for tuning. `--fold 3` is the fresh protocol: the word clusters, signs and the CRF are trained here without
fold 3 (with fold 0), and the pipeline runs on them; read only its scores, never its errors, or it goes stale
too. `--retrain` trains them in the run for fold 0 as well (to measure a change before shipping it).

Three systems: the shipped pipeline (`recognise`, run on the sentence's words joined by spaces; a `misc`
mention counts against it), the shipped CRF alone, and a plain CRF (word, affixes, shape, +-2 words of context)
trained here on exactly the shipped model's train data. Scores are exact-span, exact-type entity matches;
"both" pools the two sets (the cross-corpus score). Errors are counted by kind: spurious (a prediction
touching no gold span), missed (a gold span no prediction touches), boundary (overlapping, other span),
type (same span, other type).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import pycrfsuite

from articles.entities import recognise as recogniser
from articles.entities.features import word_shape
from articles.entities.gazetteer import Gazetteer, load_default_gazetteer
from articles.entities.recognise import DEFAULT_MODEL
from articles.entities.train import (
    HELD_OUT_EVERY,
    SHIPPED_FOLD,
    entities,
    featurise,
    held_out,
    read_conll,
    train,
    train_sentences,
)
from articles.entities.train_word_clusters import learn, news_sentences

Sentence = tuple[list[str], list[str]]
Spans = set[tuple[int, int, str]]
TYPES = ("PER", "ORG", "LOC")
PIPELINE_TYPES = {"person": "PER", "organization": "ORG", "location": "LOC", "misc": "MISC"}
ERROR_KINDS = ("spurious", "missed", "boundary", "type")
PLAIN_PARAMS = {"c1": 0.1, "c2": 0.01, "max_iterations": 100, "feature.possible_transitions": True}


def dev_sets(data: Path, fold: int = SHIPPED_FOLD) -> dict[str, list[Sentence]]:
    """IDNER dev and NERGrit's held-out fold `fold`, as (words, IOB tags) sentences."""
    nergrit = read_conll(data / "ner" / "nergrit" / "train_preprocess.txt")
    return {
        "idner-dev": list(read_conll(data / "ner" / "idner-news-2k" / "dev.txt")),
        f"nergrit-fold{fold}": [sentence for index, sentence in enumerate(nergrit) if held_out(index, fold)],
    }


def plain_features(words: list[str]) -> list[list[str]]:
    """The baseline's features: the word, its affixes and shape, and the words and shapes two either side."""
    lowers = [w.lower() for w in words]
    shapes = [word_shape(w) for w in words]
    features = []
    for i, lower in enumerate(lowers):
        word = words[i]
        feats = ["bias", f"w={lower}", f"sh={shapes[i]}", f"p2={lower[:2]}", f"p3={lower[:3]}",
                 f"s2={lower[-2:]}", f"s3={lower[-3:]}", f"title={word[:1].isupper()}",
                 f"upper={word.isupper()}", f"digit={any(c.isdigit() for c in word)}"]
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < len(words):
                feats += [f"{offset}w={lowers[j]}", f"{offset}sh={shapes[j]}"]
            else:
                feats.append(f"{offset}pad")
        features.append(feats)
    return features


def train_plain(data: Path, out: Path, fold: int = SHIPPED_FOLD) -> float:
    """Train the baseline on the recogniser's train data without `fold`; returns the seconds it took."""
    started = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.set_params(PLAIN_PARAMS)
    for words, tags in train_sentences(data, fold):
        trainer.append(plain_features(words), tags)
    trainer.train(str(out))
    return time.perf_counter() - started


def train_recogniser(data: Path, folder: Path, gazetteer: Gazetteer, fold: int) -> tuple[Path, float]:
    """Word clusters, vector signs and the recogniser's CRF trained without `fold` into `folder`, and made
    this process's model (`recognise.use_model`); returns the model's path and the seconds it all took."""
    started = time.perf_counter()
    clusters, signs, model = folder / "clusters.tsv", folder / "signs.tsv", folder / "model.crfsuite"
    learn(list(news_sentences(data, fold)), clusters, signs)
    recogniser.use_model(model, clusters, signs)
    train(data, model, gazetteer, fold)
    return model, time.perf_counter() - started


def crf_system(model: Path, featuriser: Callable[[list[str]], list[list[str]]]) -> Callable[[list[str]], Spans]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    return lambda words: entities(tagger.tag(featuriser(words)))


def pipeline_system(gazetteer: Gazetteer, passes: Iterable[str] | None = None) -> Callable[[list[str]], Spans]:
    """`recognise` on the words joined by spaces, its character spans mapped back to the words."""
    chosen = tuple(recogniser.PASSES if passes is None else passes)

    def spans(words: list[str]) -> Spans:
        starts, ends, position = [], [], 0
        for word in words:
            starts.append(position)
            ends.append(position + len(word))
            position += len(word) + 1
        found = set()
        for span in recogniser.recognise(" ".join(words), gazetteer, passes=chosen):
            first = max(i for i, start in enumerate(starts) if start <= span.start)
            last = min(i for i, end in enumerate(ends) if end >= span.end)
            found.add((first, last + 1, PIPELINE_TYPES[span.type]))
        return found

    return spans


def score(gold: list[Spans], predicted: list[Spans]) -> dict[str, float | int]:
    """Micro and per-type F1 and the error counts by kind."""
    tally: Counter = Counter()
    for expected, got in zip(gold, predicted, strict=True):
        for kind in (*TYPES, "MISC"):
            tally[kind, "tp"] += sum(1 for e in got if e[2] == kind and e in expected)
            tally[kind, "fp"] += sum(1 for e in got if e[2] == kind and e not in expected)
            tally[kind, "fn"] += sum(1 for e in expected if e[2] == kind and e not in got)
        for span in got - expected:
            touching = [e for e in expected if e[0] < span[1] and span[0] < e[1]]
            if not touching:
                tally["spurious"] += 1
            elif any(e[:2] == span[:2] for e in touching):
                tally["type"] += 1
            else:
                tally["boundary"] += 1
        tally["missed"] += sum(1 for e in expected - got if not any(e[0] < s[1] and s[0] < e[1] for s in got))
    result: dict[str, float | int] = {kind: tally[kind] for kind in ERROR_KINDS}
    for kind in TYPES:
        result[kind] = _f1(tally[kind, "tp"], tally[kind, "fp"], tally[kind, "fn"])
    tp, fp, fn = (sum(tally[k, part] for k in (*TYPES, "MISC")) for part in ("tp", "fp", "fn"))
    result["P"], result["R"] = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
    result["micro"] = _f1(tp, fp, fn)
    result["gold"] = tp + fn
    return result


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def evaluate(systems: dict[str, Callable[[list[str]], Spans]], sets: dict[str, list[Sentence]]) -> list[list[str]]:
    """One table row per system and dev set, plus the pooled "both"."""
    rows = []
    for name, system in systems.items():
        pooled_gold: list[Spans] = []
        pooled_got: list[Spans] = []
        for set_name, sentences in sets.items():
            gold = [entities(tags) for _, tags in sentences]
            got = [system(words) for words, _ in sentences]
            pooled_gold += gold
            pooled_got += got
            rows.append(_row(name, set_name, score(gold, got)))
        rows.append(_row(name, "both", score(pooled_gold, pooled_got)))
    return rows


def _row(system: str, set_name: str, result: dict[str, float | int]) -> list[str]:
    return [system, set_name, *(f"{result[k]:.3f}" for k in ("micro", "P", "R", *TYPES)),
            *(str(result[k]) for k in ERROR_KINDS), str(result["gold"])]


def markdown(rows: list[list[str]]) -> str:
    header = ["system", "dev set", "micro F1", "P", "R", "PER F1", "ORG F1", "LOC F1", *ERROR_KINDS, "gold"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join([*lines, *("| " + " | ".join(row) + " |" for row in rows)])


def speed(data: Path, gazetteer: Gazetteer, articles: int) -> tuple[float, int]:
    """Recognition speed on IndoSum articles, as articles of 400 words per second, and the words timed."""
    import json

    texts = []
    with (data / "news" / "indosum-dev" / "articles.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["text"])
            if len(texts) == articles:
                break
    recogniser.recognise(texts[0], gazetteer)  # loads the model and warms the caches
    words = sum(len(recogniser.tokenise(text)) for text in texts)
    started = time.perf_counter()
    for text in texts:
        recogniser.recognise(text, gazetteer)
    return words / (time.perf_counter() - started) / 400, words


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument(
        "--fold",
        type=int,
        default=SHIPPED_FOLD,
        choices=range(HELD_OUT_EVERY),
        help="NERGrit fold to score on (3: the fresh protocol); any but 0 trains clusters and CRF in the run",
    )
    parser.add_argument("--retrain", action="store_true", help="train clusters and CRF in the run for fold 0 too")
    parser.add_argument("--ablate", action="store_true", help="also score the pipeline without each pass")
    parser.add_argument("--speed", type=int, default=300, metavar="N", help="time recognition on N articles")
    args = parser.parse_args(argv)
    if not (args.data / "ner" / "idner-news-2k" / "dev.txt").is_file():
        print(f"error: the NER data is not under {args.data}/ner (the evaluation needs ../shared/data; "
              "pass --data PATH)", file=sys.stderr)
        return 2
    gazetteer = load_default_gazetteer()
    sets = dev_sets(args.data, args.fold)
    with tempfile.TemporaryDirectory() as tmp:
        model = args.model
        if args.retrain or args.fold != SHIPPED_FOLD:
            model, seconds = train_recogniser(args.data, Path(tmp), gazetteer, args.fold)
            print(f"word clusters, signs and CRF trained without fold {args.fold} in {seconds:.0f} s")
        plain = Path(tmp) / "plain.crfsuite"
        seconds = train_plain(args.data, plain, args.fold)
        sentences = sum(1 for _ in train_sentences(args.data, args.fold))
        print(f"plain CRF trained in {seconds:.0f} s on {sentences} sentences")
        systems = {
            "pipeline": pipeline_system(gazetteer),
            "CRF alone": crf_system(model, lambda words: featurise(words, gazetteer)),
            "plain CRF": crf_system(plain, plain_features),
        }
        if args.ablate:
            for skipped in recogniser.PASSES:
                kept = [p for p in recogniser.PASSES if p != skipped]
                systems[f"pipeline - {skipped}"] = pipeline_system(gazetteer, kept)
        print(markdown(evaluate(systems, sets)))
    if args.speed:
        rate, words = speed(args.data, gazetteer, args.speed)
        print(f"recognition: {rate:.0f} articles of 400 words per second ({words} words, one process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
