"""IndoSum records, known-item queries drawn from their gold summaries, and a synthetic corpus built from them."""

import json
import math
import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bench.environment import STOPWORDS

WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
MIN_QUERY_WORD = 3


def load_indosum(path: Path, limit: int | None = None) -> list[dict]:
    records = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                records.append(json.loads(line))
                if limit and len(records) >= limit:
                    break
    return records


def write_jsonl(records: Iterator[dict] | list[dict], path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def words(text: str) -> list[str]:
    return [word.lower() for word in WORD_RE.findall(text)]


def load_stopwords(path: Path = STOPWORDS) -> frozenset[str]:
    if not path.exists():
        return frozenset()
    return frozenset(line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


@dataclass(frozen=True)
class KnownItem:
    """A query and the IndoSum record (by URL) it was drawn from."""

    url: str
    words: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.words)


def known_item_queries(records: list[dict], n: int, *, seed: int = 13) -> list[KnownItem]:
    """For `n` sampled records: 3-4 distinct content words of the gold summary, rarer words more likely.

    Words are lower-case alphabetic, at least 3 letters, not in the stopwords-iso list, and occur in the
    corpus; each is drawn (without replacement) with weight idf = log(N / df) over the records' texts.
    """
    stop = load_stopwords()
    df = Counter(word for record in records for word in set(words(record["text"])))
    total = len(records)
    rng = random.Random(seed)
    queries = []
    for record in rng.sample(records, len(records)):
        candidates = sorted({w for w in words(record.get("summary") or "")
                             if len(w) >= MIN_QUERY_WORD and w not in stop and df[w] > 0})
        k = rng.choice((3, 4))
        if len(candidates) < k:
            continue
        weights = [math.log(total / df[w]) + 0.01 for w in candidates]
        chosen: list[str] = []
        while len(chosen) < k:
            word = rng.choices(candidates, weights)[0]
            i = candidates.index(word)
            candidates.pop(i)
            weights.pop(i)
            chosen.append(word)
        queries.append(KnownItem(url=record["url"], words=tuple(chosen)))
        if len(queries) == n:
            break
    return queries


# The synthetic corpus: ten outlets, each article 3-7 paragraphs drawn from different IndoSum articles.
SYNTHETIC_SOURCES = [
    ("Warta Nusantara", "wartanusantara.example"), ("Kabar Kota", "kabarkota.example"),
    ("Suara Pagi", "suarapagi.example"), ("Harian Timur", "hariantimur.example"),
    ("Berita Kita", "beritakita.example"), ("Lintas Daerah", "lintasdaerah.example"),
    ("Jurnal Ibukota", "jurnalibukota.example"), ("Pos Selatan", "posselatan.example"),
    ("Gema Rakyat", "gemarakyat.example"), ("Kilas Dunia", "kilasdunia.example"),
]
SYNTHETIC_YEAR_START = datetime(2023, 1, 1, 6, 0)


def paragraphs(records: list[dict]) -> list[str]:
    return [p.strip() for record in records for p in record["text"].split("\n\n") if len(p.split()) >= 8]


def synthetic_records(records: list[dict], start: int, stop: int, *, seed: int = 7) -> Iterator[dict]:
    """Articles number `start`..`stop`-1 of the synthetic corpus; the same number always gives the same article.

    Each has a fresh URL and title, 3-7 paragraphs from random IndoSum articles, a date in 2023 and one of
    ten outlets. Titles are the first 6-10 words of the first paragraph, so they read like (weak) headlines.
    """
    pool = paragraphs(records)
    for number in range(start, stop):
        rng = random.Random(seed * 1_000_003 + number)
        body = [rng.choice(pool) for _ in range(rng.randint(3, 7))]
        name, domain = SYNTHETIC_SOURCES[number % len(SYNTHETIC_SOURCES)]
        published = SYNTHETIC_YEAR_START + timedelta(minutes=rng.randrange(365 * 24 * 60))
        title = " ".join(body[0].split()[: rng.randint(6, 10)]).rstrip(",.;:")
        yield {
            "url": f"https://{domain}/berita/{number}",
            "title": title,
            "source": name,
            "date": published.strftime("%Y-%m-%dT%H:%M:%S+07:00"),
            "text": "\n\n".join(body),
        }
