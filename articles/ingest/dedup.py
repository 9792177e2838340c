"""Near-duplicate clustering: the same wire story republished by several outlets.

Each article gets a MinHash of its word 5-shingles; LSH bands of it are stored in PostgreSQL, so candidates
are found with one indexed query and confirmed by the estimated Jaccard similarity.
"""

import hashlib
import re

import numpy as np
from datasketch import MinHash
from django.db.models import Q

from articles.models import Article, ArticleBand, StoryCluster

NUM_PERM = 64
THRESHOLD = 0.5
# datasketch's optimal (bands, rows) for NUM_PERM=64 at THRESHOLD=0.5, equal weights for both error kinds.
BANDS, ROWS = 14, 4
SHINGLE = 5
WORD = re.compile(r"\w+")


def signature(text: str) -> np.ndarray:
    words = WORD.findall(text.lower())
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    minhash = MinHash(num_perm=NUM_PERM, seed=1)
    minhash.update_batch(s.encode("utf-8") for s in shingles)
    return minhash.hashvalues.astype(np.uint64)


def band_values(sig: np.ndarray) -> list[int]:
    """A signed 64-bit hash of each band, to fit a PostgreSQL bigint."""
    return [int.from_bytes(hashlib.blake2b(sig[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8).digest(),
                           "big", signed=True) for b in range(BANDS)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))


def article_cluster_assign(*, article: Article, new: bool = False) -> StoryCluster | None:
    """Store the article's signature and put it in the cluster of its near-duplicates, if it has any.

    `new`: the article was just created, so it has no bands to replace.
    """
    sig = signature(article.body)
    values = band_values(sig)
    same_band = Q()
    for i, value in enumerate(values):
        same_band |= Q(band=i, value=value)
    # Candidates straight from the band index (one bitmap scan per band), then their signatures.
    candidate_ids = set(ArticleBand.objects.filter(same_band).exclude(article_id=article.pk)
                        .values_list("article_id", flat=True))
    twins = [
        other for other in Article.objects.filter(pk__in=candidate_ids).only("pk", "cluster_id", "minhash")
        if other.minhash and similarity(sig, np.frombuffer(other.minhash, dtype=np.uint64)) >= THRESHOLD
    ]
    if not new:
        ArticleBand.objects.filter(article=article).delete()
    ArticleBand.objects.bulk_create([ArticleBand(article=article, band=i, value=v) for i, v in enumerate(values)])
    cluster = next((other.cluster for other in twins if other.cluster_id), None)
    if twins and cluster is None:
        cluster = StoryCluster.objects.create()
    if cluster is not None:
        Article.objects.filter(pk__in=[other.pk for other in twins], cluster__isnull=True).update(cluster=cluster)
    article.minhash = sig.tobytes()
    article.cluster = cluster
    article.save(update_fields=["minhash", "cluster"])
    return cluster
