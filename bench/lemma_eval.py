"""Score lemmatisers on `fixtures/lemma/gold-id.tsv` and time analysis with the old and new stemming.

    .venv/bin/python -m bench.lemma_eval [--part heldout|tune|all] [--nlp-id DIR] [--errors]

Rows: Sastrawi alone (the stemmer before), kumparan's nlp-id Lemmatizer (only with `--nlp-id`, the unpacked
sdist's `nlp_id/` folder: the package itself cannot be installed here, see fixtures/lemma/LICENSES.md), Telusur's
lemmas (`articles.search.lemmas`), and the same with the shipped gazetteer's names protected, as indexing does.
Accuracy: the query-time term equals the gold root. False matches: pairs of different gold roots that share an
index term (a word the dictionaries disagree on is indexed under its root and itself).
Timing (needs IndoSum in ../shared/data, or BENCH_DATA): the analyzer over 1,000 articles with each stemmer,
cold caches, median of 3 runs taken in turns, and their ratio.
"""

import argparse
import importlib.util
import itertools
import json
import statistics
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from articles.entities.gazetteer import load_default_gazetteer
from articles.search import analysis, lemmas
from articles.search.lemmas import LEMMA_DIR, Lemma, lemma, sastrawi_stem
from bench.environment import INDOSUM

GOLD = LEMMA_DIR / "gold-id.tsv"
Lemmatiser = Callable[[str], Lemma]


def read_gold(part: str) -> list[tuple[str, str, str]]:
    rows = [line.split("\t") for line in GOLD.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return [(word, root, kind) for word, root, kind, where in rows if part in ("all", where)]


def gazetteer_names() -> frozenset[str]:
    """What `vocabulary.build_vocabulary` protects from the shipped gazetteer alone (no curation, no database)."""
    gazetteer = load_default_gazetteer()
    words = {word for entry in gazetteer.entries
             for word in analysis.protected_words_for(entry.name, entry.aliases, person=entry.type == "person")}
    return analysis.normalised_words(words) - analysis.normalised_words(gazetteer.common_words)


def nlp_id_lemmatiser(folder: Path) -> Lemmatiser:
    spec = importlib.util.spec_from_file_location("nlp_id_lemmatizer", folder / "lemmatizer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    lemmatizer = module.Lemmatizer()
    return lambda word: Lemma(lemmatizer.lemmatize(word))


def score(gold: list[tuple[str, str, str]], lemmatise: Lemmatiser) -> tuple[int, list[str], list[tuple[str, str]]]:
    """(correct, errors as word:got≠gold, pairs of gold roots merged on one index term)."""
    correct, errors, roots_by_term = 0, [], {}
    for word, root, _ in gold:
        found = lemmatise(word)
        correct += found.root == root
        if found.root != root:
            errors.append(f"{word}:{found.root}≠{root}")
        for term in {found.root, word} if found.ambiguous else {found.root}:
            roots_by_term.setdefault(term, set()).add(root)
    merged = {pair for roots in roots_by_term.values() for pair in itertools.combinations(sorted(roots), 2)}
    return correct, errors, sorted(merged)


def telusur(protected: frozenset[str]) -> Lemmatiser:
    return lambda word: Lemma(word) if word in protected else analysis.word_lemma(word)


def time_analysis(texts: list[str], stem: Callable[[str], str]) -> float:
    """Seconds to analyse `texts` as the index does (tokens, spelling, stopwords, then `stem`), caches cold."""
    front = analysis.IndonesianTokenizer() | analysis.ModernSpellingFilter() | analysis.IndonesianStopFilter()
    cached = lru_cache(maxsize=200_000)(stem)
    started = time.perf_counter()
    for text in texts:
        for token in front(text, mode="index"):
            cached(token.text)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", default="heldout", choices=("heldout", "tune", "all"))
    parser.add_argument("--nlp-id", type=Path, help="the nlp_id/ folder of an unpacked nlp-id 0.1.15.0 sdist")
    parser.add_argument("--errors", action="store_true", help="list each row's errors and false matches")
    args = parser.parse_args()

    gold = read_gold(args.part)
    candidates: dict[str, Lemmatiser] = {"Sastrawi alone (before)": lambda word: Lemma(sastrawi_stem(word))}
    if args.nlp_id:
        candidates["nlp-id 0.1.15.0 Lemmatizer"] = nlp_id_lemmatiser(args.nlp_id)
    else:
        print("nlp-id row skipped: pass --nlp-id DIR (the nlp_id/ folder of its sdist, see fixtures/lemma/LICENSES.md)")
    candidates["Telusur lemmas"] = telusur(frozenset())
    candidates["Telusur lemmas + gazetteer names (shipped)"] = telusur(gazetteer_names())

    print(f"\n{len(gold)} words ({args.part} part of {GOLD.name})\n")
    print("| lemmatiser | accuracy | false matches |\n|---|---|---|")
    details = []
    for name, lemmatise in candidates.items():
        correct, errors, merged = score(gold, lemmatise)
        print(f"| {name} | {correct}/{len(gold)} = {correct / len(gold):.3f} | {len(merged)} |")
        details.append(f"\n{name}\n  errors: {' '.join(errors)}\n  merged: {' '.join(map('+'.join, merged))}")
    if args.errors:
        print(*details, sep="\n")

    if not INDOSUM.exists():
        print(f"\nTiming skipped: {INDOSUM} is missing (put the shared data at ../shared/data or set BENCH_DATA)")
        return
    with INDOSUM.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in itertools.islice(lines, 1000)]
    lemmas._table.cache_clear()
    started = time.perf_counter()
    lemma("memuat")  # reads the table, once per process
    print(f"\nlemma table load: {time.perf_counter() - started:.2f} s once per process")
    print(f"Analysis of {len(texts)} IndoSum articles, cold caches, median of 3 runs taken in turns:")
    stemmers = {"Sastrawi (before)": sastrawi_stem, "Telusur lemmas (after)": lambda w: lemma(w).root}
    runs: dict[str, list[float]] = {name: [] for name in stemmers}
    for _ in range(3):  # in turns, so a busy machine slows both alike
        for name, stem in stemmers.items():
            runs[name].append(time_analysis(texts, stem))
    for name, times in runs.items():
        print(f"  {name}: {statistics.median(times):.2f} s (runs {', '.join(f'{run:.2f}' for run in times)})")
    before, after = (statistics.median(times) for times in runs.values())
    print(f"  ratio after / before: {after / before:.2f}")


if __name__ == "__main__":
    main()
