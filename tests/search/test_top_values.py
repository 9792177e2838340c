"""`top_counts` picks what a full sort by (-count, index) would put first, ties at the cut included."""

import numpy as np
import pytest

from articles.search.top_values import top_counts


def _sorted(counts: np.ndarray, limit: int | None) -> list[int]:
    ranked = sorted((-int(n), i) for i, n in enumerate(counts) if n > 0)
    return [i for _, i in ranked[:limit]]


@pytest.mark.parametrize("seed", range(20))
def test_the_top_values_equal_those_of_a_full_sort(seed):
    rng = np.random.default_rng(seed)
    counts = rng.integers(0, 6, size=int(rng.integers(0, 400)))  # many ties, zeros among them
    for limit in (None, 1, 2, 5, 50, 399, 1000):
        assert top_counts(counts, limit).tolist() == _sorted(counts, limit), limit


def test_nothing_counted_is_nothing_chosen():
    assert top_counts(np.zeros(5, dtype=np.int64), 3).tolist() == []
    assert top_counts(np.zeros(0, dtype=np.int64), None).tolist() == []
