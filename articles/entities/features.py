"""Token features for the CRF, shared by training and recognition so both see the same input."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from itertools import takewhile

from articles.entities import word_clusters
from articles.entities.gazetteer import Match
from articles.lexicon.calendar import DAY_WORDS, MONTH_WORDS
from articles.lexicon.offices import ATTRIBUTION_VERBS, ROLE_CONTINUATIONS, ROLE_WORDS

OPENERS = frozenset("\"'“‘(«[")

_SHAPE_STEPS = ((re.compile(r"[A-Z]"), "X"), (re.compile(r"[a-z]"), "x"), (re.compile(r"[0-9]"), "d"))
_REPEATS = re.compile(r"(.)\1+")


def word_shape(word: str) -> str:
    """Compressed shape: `Stoltenberg` -> `Xx`, `NATO` -> `X`, `F-16` -> `X-d`, `G7` -> `Xd`."""
    shape = word
    for pattern, letter in _SHAPE_STEPS:
        shape = pattern.sub(letter, shape)
    return _REPEATS.sub(r"\1", shape)[:6]


def _flags(word: str) -> list[str]:
    lower = word.lower()
    flags = []
    if word[:1].isupper():
        flags.append("title")
    if word.isupper() and len(word) > 1:
        flags.append("upper")
    if any(c.isdigit() for c in word):
        flags.append("digit")
    if not any(c.isalnum() for c in word):
        flags.append("punct")
    if lower in ROLE_WORDS:
        flags.append("role")
    if lower in ROLE_CONTINUATIONS:
        flags.append("rolecont")
    if lower in DAY_WORDS or lower in MONTH_WORDS:
        flags.append("time")
    if lower in ATTRIBUTION_VERBS:
        flags.append("attr")
    return flags


@functools.lru_cache(maxsize=100_000)
def _word_features(
    word: str, known: frozenset[str] | None
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str]:
    """Features of a word by itself, as the previous word and as the next word (cached per word).

    With `known` (the model's attributes), features the model never saw are dropped here, once per
    word, because handing them to crfsuite costs time for nothing.
    """
    lower = word.lower()
    shape = word_shape(word)
    flags = _flags(word)
    own = [
        "bias",
        f"w={lower}",
        f"sh={shape}",
        f"p2={lower[:2]}",
        f"p3={lower[:3]}",
        f"s2={lower[-2:]}",
        f"s3={lower[-3:]}",
        f"s4={lower[-4:]}",
        *flags,
    ]
    context = [f"w={lower}", f"sh={shape}", *flags]
    # Word clusters from unlabelled news (articles.entities.word_clusters): all sizes for the word itself,
    # the middle size for its neighbours.
    ids = word_clusters.load_default().get(word_clusters.normalise(word))
    if ids is None:
        own.append("c=none")
        context.append("c=none")
    else:
        own.extend(f"c{n}={c}" for n, c in enumerate(ids))
        context.append(f"c1={ids[1]}")
    # The signs of its vector's strongest components, finer than any cluster (`v3+`, `v7-`).
    code = word_clusters.default_signs().get(word_clusters.normalise(word), "")
    signs = [f"v{k}{sign}" for k, sign in enumerate(code) if sign != "0"]
    own.extend(signs)
    context.extend(signs)
    prev, next_ = ["-1" + f for f in context], ["+1" + f for f in context]
    return _only(own, known), _only(prev, known), _only(next_, known), lower


def forget_words() -> None:
    """Drop the cached word features (after `word_clusters.use` chose other clusters)."""
    _word_features.cache_clear()


def _only(features: list[str], known: frozenset[str] | None) -> tuple[str, ...]:
    return tuple(features if known is None else (f for f in features if f in known))


def gazetteer_tags(tokens: Sequence[tuple[int, int]], matches: Sequence[Match]) -> list[str]:
    """IOB tags of gazetteer matches that cover whole tokens (token = (start, end) offsets)."""
    tags = ["O"] * len(tokens)
    index = {start: i for i, (start, _) in enumerate(tokens)}
    for match in matches:
        first = index.get(match.start)
        if first is None:
            continue
        end = match.end  # tokens are in order: stop at the first past the match (linear, not per document)
        covered = list(takewhile(lambda i, end=end: tokens[i][1] <= end, range(first, len(tokens))))
        if not covered or tokens[covered[-1]][1] != match.end:
            continue
        weak = "w" if match.entry.weak else ""
        for i in covered:
            tags[i] = f"{'B' if i == first else 'I'}{weak}-{match.entry.type}"
    return tags


def sentence_features(
    words: Sequence[str], gaz_tags: Sequence[str], known: frozenset[str] | None = None
) -> list[list[str]]:
    """One feature list per word of a sentence; `known` drops features the model lacks.

    A bigram or a word two away that the model never saw costs crfsuite a lookup for nothing, so with
    `known` those are tested here too (a set lookup is cheaper); gazetteer tags are always known.
    """
    cached = [_word_features(w, known) for w in words]
    lowers = [c[3] for c in cached]
    last = len(words) - 1
    features = []
    for i, (own, _, _, lower) in enumerate(cached):
        feats = [*own, "g=" + gaz_tags[i]]
        if i == 0 or words[i - 1] in OPENERS:
            feats.append("BOS")
        if i > 0:
            feats.extend(cached[i - 1][1])
            feats.append("-1g=" + gaz_tags[i - 1])
            bigram = "bi=" + lowers[i - 1] + "|" + lower
            if known is None or bigram in known:
                feats.append(bigram)
        if i > 1 and (known is None or "-2w=" + lowers[i - 2] in known):
            feats.append("-2w=" + lowers[i - 2])
        if i < last:
            feats.extend(cached[i + 1][2])
            feats.append("+1g=" + gaz_tags[i + 1])
        else:
            feats.append("EOS")
        if i < last - 1 and (known is None or "+2w=" + lowers[i + 2] in known):
            feats.append("+2w=" + lowers[i + 2])
        features.append(feats)
    return features
