"""Near-duplicate clustering: the same wire story republished by several outlets.

Each article gets a MinHash of its word 5-shingles; LSH bands of it are stored in PostgreSQL, so candidates
are found with one indexed query and confirmed by the estimated Jaccard similarity.
"""

import hashlib
import re
from collections import defaultdict
from functools import cache

import numpy as np
from datasketch import MinHash

from articles.bulk import rows_insert
from articles.models import Article, ArticleBand, StoryCluster

NUM_PERM = 64
THRESHOLD = 0.5
# datasketch's optimal (bands, rows) for NUM_PERM=64 at THRESHOLD=0.5, equal weights for both error kinds.
BANDS, ROWS = 14, 4
SHINGLE = 5
WORD = re.compile(r"\w+")


@cache
def _prototype() -> MinHash:
    # datasketch draws the permutations from the seed for every MinHash it makes (a third of a signature's time):
    # draw them once, with the default scheme, and hand both on.
    return MinHash(num_perm=NUM_PERM, seed=1)


def signature(text: str) -> np.ndarray:
    """The MinHash (datasketch, NUM_PERM uint64 values, seed 1) of the lower-cased text's word 5-shingles."""
    words = WORD.findall(text.lower())
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    prototype = _prototype()
    minhash = MinHash(num_perm=NUM_PERM, seed=1, permutations=prototype.permutations, scheme=prototype.scheme)
    minhash.update_batch(s.encode("utf-8") for s in shingles)
    return minhash.hashvalues.astype(np.uint64)


def band_values(sig: np.ndarray) -> list[int]:
    """A signed 64-bit hash of each band, to fit a PostgreSQL bigint."""
    return [int.from_bytes(hashlib.blake2b(sig[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8).digest(),
                           "big", signed=True) for b in range(BANDS)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))


def clusters_assign(articles: list[Article], signatures: list[np.ndarray], *, new: bool = False) -> set[int]:
    """Store the articles' bands and put each in the cluster of its near-duplicates, if it has any.

    Candidates come from the band index in one query, plus earlier articles of the same list; each is
    confirmed by the estimated Jaccard similarity. `new`: the articles were just created with their `minhash`
    set, so there are no bands to replace and only clusters need saving.

    Returns the ids of every article in a cluster that gained or lost a member: their search documents name
    which copy stands for the story, and that may have changed.
    """
    ids = [article.pk for article in articles]
    left = {article.cluster_id for article in articles if article.cluster_id and not new}
    values = [band_values(sig) for sig in signatures]
    wanted = {(band, value) for row in values for band, value in enumerate(row)}
    if not new:
        ArticleBand.objects.filter(article_id__in=ids).delete()
    stored: dict[tuple[int, int], set[int]] = defaultdict(set)
    for article_id, band, value in (ArticleBand.objects.filter(value__in={value for _, value in wanted})
                                    .values_list("article_id", "band", "value")):
        if (band, value) in wanted:
            stored[band, value].add(article_id)
    others = {other.pk: other for other in Article.objects.filter(pk__in=set().union(*stored.values()))
              .exclude(minhash=None).only("pk", "cluster_id", "minhash")}
    earlier: dict[tuple[int, int], list[int]] = defaultdict(list)
    joined: dict[int, list[int]] = defaultdict(list)  # cluster id -> stored articles to move into it
    for i, (article, sig, row) in enumerate(zip(articles, signatures, values, strict=True)):
        keys = list(enumerate(row))
        twins = [others[pk] for pk in sorted(set().union(*(stored[key] for key in keys)) & others.keys())
                 if similarity(sig, np.frombuffer(others[pk].minhash, dtype=np.uint64)) >= THRESHOLD]
        twins += [articles[j] for j in sorted(set().union(*(earlier[key] for key in keys)))
                  if similarity(sig, signatures[j]) >= THRESHOLD]
        cluster_id = next((twin.cluster_id for twin in twins if twin.cluster_id), None)
        if twins and cluster_id is None:
            cluster_id = StoryCluster.objects.create().pk
        for twin in twins:
            if twin.cluster_id is None:
                twin.cluster_id = cluster_id
                if twin.pk in others:
                    joined[cluster_id].append(twin.pk)
        article.minhash, article.cluster_id = sig.tobytes(), cluster_id
        for key in keys:
            earlier[key].append(i)
    for cluster_id, pks in joined.items():
        Article.objects.filter(pk__in=pks, cluster__isnull=True).update(cluster_id=cluster_id)
    rows_insert(ArticleBand, ["article", "band", "value"],
                ((pk, band, value) for pk, row in zip(ids, values, strict=True) for band, value in enumerate(row)))
    if new:
        by_cluster: dict[int, list[int]] = defaultdict(list)
        for article in articles:
            if article.cluster_id:
                by_cluster[article.cluster_id].append(article.pk)
        for cluster_id, pks in by_cluster.items():
            Article.objects.filter(pk__in=pks).update(cluster_id=cluster_id)
    else:
        Article.objects.bulk_update(articles, ["minhash", "cluster"])
    touched = left | {article.cluster_id for article in articles if article.cluster_id}
    return set(Article.objects.filter(cluster_id__in=touched).values_list("pk", flat=True)) if touched else set()
