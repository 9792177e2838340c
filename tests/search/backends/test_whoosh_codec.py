"""Telusur's Whoosh codec (packed postings blocks) holds the very postings Whoosh's own codec holds: read through
Whoosh's matchers and through the search's arrays, in several segments, after deletions, merged, and in an index
that mixes segments of both codecs (an index written before the codec changed)."""

import random

import numpy as np
import pytest
from whoosh import fields, formats
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec

from articles.search.backends import whoosh
from articles.search.whoosh_codec import PackedCodec, PackedLeafMatcher, PackedValues

WORDS = [f"kata{n}" for n in range(30)]
SCHEMA = fields.Schema(key=fields.ID(stored=True, unique=True),
                       body=fields.TEXT(phrase=True),  # positions: values of varying size
                       title=fields.TEXT(phrase=False),  # frequencies: weights, no value
                       tags=fields.KEYWORD(commas=True))  # existence: every weight 1.0


def _documents(first: int, count: int) -> list[dict]:
    rng = random.Random(first)  # noqa: S311 - reproducible filler text, not a secret
    docs = []
    for n in range(first, first + count):
        body = [rng.choice(WORDS) for _ in range(rng.randint(1, 60))]
        docs.append({"key": str(n),
                     "body": " ".join(["umum", *body]),  # "umum" in every document: postings of many blocks
                     "title": "dua dua " + " ".join(rng.sample(WORDS, 3)),  # "dua" weighs 2.0 everywhere
                     "tags": ",".join(rng.sample(WORDS[:5], rng.randint(1, 3)))})
    return docs


def _write(path, codecs, *, delete=()) -> whoosh_index.Index:
    """An index of 300 documents in one segment per codec (150 each), then `delete`d keys."""
    index = whoosh_index.create_in(str(path), SCHEMA)
    for part, codec in enumerate(codecs):
        writer = index.writer(codec=codec)
        for doc in _documents(part * 150, 150):
            writer.add_document(**doc)
        writer.commit(merge=False)
    if delete:
        writer = index.writer()
        for key in delete:
            writer.delete_by_term("key", key)
        writer.commit(merge=False)
    return index


def _through_matcher(reader, fieldname: str, text: bytes) -> list[tuple]:
    """(document number, weight, value) of each posting through Whoosh's own matcher."""
    matcher, found = reader.postings(fieldname, text), []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return found


def _through_arrays(reader, fieldname: str, text: bytes) -> list[tuple]:
    """The same through the search's block reader (`whoosh._postings`), deleted documents included."""
    postings = whoosh._postings(reader, fieldname, text, positions=True)
    return list(zip(postings.ids.tolist(), postings.weights.tolist(), postings.values, strict=True))


def _every_posting(index, read=_through_matcher) -> dict:
    """Every (field, term) -> [(document number in the whole index, weight, value)], read by `read`."""
    found = {}
    with index.searcher() as searcher:
        for reader, base in searcher.reader().leaf_readers():
            for fieldname, text in reader.all_terms():
                if fieldname != "key":
                    found.setdefault((fieldname, text), []).extend(
                        (base + doc, weight, value) for doc, weight, value in read(reader, fieldname, text))
    return found


def _live(index, postings: dict) -> dict:
    with index.searcher() as searcher:
        deleted = {doc for doc in range(searcher.doc_count_all()) if searcher.reader().is_deleted(doc)}
    return {term: [p for p in found if p[0] not in deleted] for term, found in postings.items()}


@pytest.mark.parametrize("blocklimit", [None, 50], ids=["one block a term", "several blocks"])
@pytest.mark.parametrize("delete", [(), ("3", "140", "151", "299")], ids=["whole", "with deletions"])
def test_packed_segments_hold_whooshs_postings(tmp_path, delete, blocklimit):
    (tmp_path / "w3").mkdir()
    (tmp_path / "packed").mkdir()
    plain = _write(tmp_path / "w3", [W3Codec(), W3Codec()], delete=delete)
    packed = _write(tmp_path / "packed", [PackedCodec(blocklimit), PackedCodec(blocklimit)], delete=delete)
    expected = _every_posting(plain)
    assert max(len(p) for p in expected.values()) > 2 * 128  # several of Whoosh's blocks per segment
    assert {weight for p in expected.values() for _, weight, _ in p} >= {1.0, 2.0, 3.0}
    assert _every_posting(packed) == expected
    read_as_arrays = _live(packed, _every_posting(packed, _through_arrays))
    assert read_as_arrays == _live(plain, _every_posting(plain, _through_arrays)) == _live(plain, expected)
    with packed.reader() as reader:
        matcher = next(r for r, _ in reader.leaf_readers()).postings("body", b"umum")
        assert isinstance(getattr(matcher, "child", matcher), PackedLeafMatcher)  # the arrays were read packed


def test_an_index_of_both_codecs_reads_and_merges_to_the_same_postings(tmp_path):
    (tmp_path / "w3").mkdir()
    (tmp_path / "mixed").mkdir()
    plain = _write(tmp_path / "w3", [W3Codec(), W3Codec()], delete=("7",))
    mixed = _write(tmp_path / "mixed", [W3Codec(), PackedCodec(50)], delete=("7",))  # several blocks a term
    expected = _live(plain, _every_posting(plain))
    assert _live(mixed, _every_posting(mixed)) == _live(mixed, _every_posting(mixed, _through_arrays)) == expected
    mixed.writer(codec=PackedCodec(50)).commit(optimize=True)
    merged = whoosh_index.open_dir(str(tmp_path / "mixed"))
    assert len(merged.reader().leaf_readers()) == 1
    assert _every_posting(merged) == _every_posting(merged, _through_arrays)
    # One segment now, renumbered without the deleted document: compare in key order.
    with merged.searcher() as searcher, plain.searcher() as old:
        renumber = {docnum: searcher.document_number(key=old.stored_fields(docnum)["key"])
                    for docnum in range(old.doc_count_all()) if not old.reader().is_deleted(docnum)}
    assert _every_posting(merged) == {term: [(renumber[doc], weight, value) for doc, weight, value in found]
                                   for term, found in expected.items() if found}
    assert np.all(np.diff([doc for doc, _, _ in _every_posting(merged, _through_arrays)[("body", b"umum")]]) > 0)


def _decoded(field, values: list[bytes], chosen: list[int]) -> list[list[int]]:
    """The positions `whoosh._positions` reads from `values[i]` for each i in `chosen`, a list per value."""
    counts, positions = whoosh._positions(field, PackedValues.of(values), np.array(chosen, dtype=np.int64))
    ends = np.cumsum(counts)
    return [positions[end - count:end].tolist() for count, end in zip(counts, ends, strict=True)]


def test_positions_of_many_postings_decode_together_as_whoosh_decodes_each():
    rng = random.Random(5)  # noqa: S311 - reproducible positions, not a secret
    positions = formats.Positions()
    lists = [sorted(rng.sample(range(100_000), rng.randint(1, 1_500))) for _ in range(40)]  # > 1,000: batched appends
    encoded = [positions.encode(found) for found in lists]
    field = fields.TEXT(phrase=True)
    chosen = [3, 0, 39, 17, 17]
    assert _decoded(field, encoded, chosen) == [lists[i] for i in chosen]
    assert _decoded(field, encoded, []) == []
    legacy = [*encoded[:-1], encoded[-1][:-1]]  # a value pickled without its STOP: Whoosh's own decoder reads it
    assert _decoded(field, legacy, [0, 39]) == [lists[0], lists[39]]
    characters = fields.TEXT(phrase=True, chars=True)  # another format: its own decoder
    value = characters.format.encode([(4, 10, 15), (9, 40, 44)])
    assert _decoded(characters, [value], [0]) == [[4, 9]]
