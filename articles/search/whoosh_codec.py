"""The Whoosh index's postings blocks as packed arrays: `PackedCodec`, which every segment Telusur writes names.

Whoosh's own codec (W3Codec of whoosh-reloaded 2.7.5) pickles each block of up to 128 postings as three tuples:
the document-number deltas as Python ints, the weights as Python floats, the encoded positions as bytes objects.
Unpickling those tuples was most of a cold search's time (bench/README.md). `PackedCodec` writes blocks with the
same header and zlib compression, the deltas as little-endian uint32, the weights as float32 and the values as one
byte string after their lengths, so a search reads a whole term with numpy (`read_postings`) and Whoosh's own
matchers (prefixes, merging) read it through `PackedLeafMatcher`. Blocks hold up to BLOCK_POSTINGS postings: a
search reads every block of a term, and each costs a header, a seek and a decompression. Terms kept inline in the
term's info and term vectors are as Whoosh writes them.

Each segment names the codec that wrote it, so an index holds segments of both codecs after an upgrade and merges
rewrite them packed. Whoosh pickles the codec into the index's table of contents: this module and its classes
must stay importable under these names.
"""

import sys
from array import array
from collections.abc import Sequence
from itertools import accumulate

import numpy as np
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter

# Reading the postings of 40 common words of 20,000 synthetic documents took 160 ms in blocks of 128 (Whoosh's),
# 101 ms in blocks of 512 and 90 ms in blocks of 1,024, the index 12.1 / 9.8 / 9.3 MB, writing it 31-36 s each.
BLOCK_POSTINGS = 1024
_IDS = np.dtype("<u4")
_WEIGHTS = np.dtype("<f4")
_LENGTHS = np.dtype("<u4")  # of each value, in bytes


class PackedPostingsWriter(W3PostingsWriter):
    """Whoosh's postings writer with each block's lists packed as arrays (document numbers, not term vectors)."""

    def _mini_ids(self) -> bytes:
        ids = np.frombuffer(self._ids, dtype=np.uint32)  # array("I") of ascending document numbers
        deltas = ids.astype(_IDS)  # a copy
        deltas[1:] -= ids[:-1]
        return deltas.tobytes()

    def _mini_weights(self) -> bytes | float | None:
        """None when every weight is 1.0, the weight when all are alike (as Whoosh's), else float32 bytes."""
        weights = self._weights  # array("f")
        if weights.count(1.0) == len(weights):
            return None
        if weights.count(weights[0]) == len(weights):
            return weights[0]
        return np.frombuffer(weights, dtype=np.float32).astype(_WEIGHTS).tobytes()

    def _mini_values(self) -> tuple[bytes, bytes] | bytes | None:
        """(lengths as uint32 bytes, the values joined) for a format of varying value sizes; fixed sizes as
        Whoosh's: None for no value, the values joined otherwise."""
        size = self._format.fixed_value_size()
        if size is not None and size >= 0:
            return None if size == 0 else b"".join(self._values)
        lengths = np.fromiter(map(len, self._values), dtype=_LENGTHS, count=len(self._values))
        return lengths.tobytes(), b"".join(self._values)


def _native(values: array) -> array:
    """`values` read from little-endian bytes, in this machine's byte order."""
    if sys.byteorder == "big":
        values.byteswap()
    return values


def _value_list(packed: tuple[bytes, bytes] | bytes | None, count: int, size: int | None) -> list:
    """A block's encoded values, one per posting (None each for a format that stores none)."""
    if size is not None and size >= 0:
        return [None] * count if size == 0 else [packed[i : i + size] for i in range(0, len(packed), size)]
    lengths, joined = packed
    ends = list(accumulate(_native(array("I", lengths))))
    return [joined[start:end] for start, end in zip([0, *ends], ends, strict=False)]


class PackedLeafMatcher(W3LeafMatcher):
    """Whoosh's matcher over the blocks of a term `PackedCodec` wrote: the same postings, decoded from arrays (with
    the array module: a block of one posting, the most common, costs numpy more than it saves)."""

    def _read_ids(self):
        if self._data is None:
            self._read_data()
        self._ids = list(accumulate(_native(array("I", self._data[0]))))

    def _read_weights(self):
        if self._data is None:
            self._read_data()
        packed = self._data[1]
        if packed is None or isinstance(packed, float):
            self._weights = array("f", [1.0 if packed is None else packed]) * self._blocklength
        else:
            self._weights = _native(array("f", packed))

    def _read_values(self):
        if self._data is None:
            self._read_data()
        self._values = tuple(_value_list(self._data[2], self._blocklength, self._fixedsize))


class PackedCodec(W3Codec):
    """Whoosh's codec, with postings blocks written by `PackedPostingsWriter` and read by `PackedLeafMatcher`, of up
    to `blocklimit` postings (BLOCK_POSTINGS by default)."""

    def __init__(self, blocklimit: int | None = None, compression: int = 3, inlinelimit: int = 1):
        super().__init__(blocklimit=blocklimit or BLOCK_POSTINGS, compression=compression, inlinelimit=inlinelimit)

    def postings_writer(self, dbfile, byteids=False):
        if byteids:  # a term vector's postings are terms, not document numbers
            return super().postings_writer(dbfile, byteids=True)
        return PackedPostingsWriter(dbfile, blocklimit=self._blocklimit, compression=self._compression,
                                    inlinelimit=self._inlinelimit)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return PackedLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class PackedValues(Sequence):
    """Encoded values of postings, one byte string per posting, kept joined (`joined`, and where each ends).

    A phrase reads the values of the few documents holding every word (`take`): slicing out a byte string for
    each of a word's thousands of postings cost more than the phrase itself.
    """

    def __init__(self, joined: bytes, ends: np.ndarray) -> None:
        self.joined, self.ends = joined, ends

    @classmethod
    def of(cls, values: Sequence[bytes]) -> "PackedValues":
        """The byte strings `values`, joined."""
        lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
        return cls(b"".join(values), np.cumsum(lengths))

    @classmethod
    def concat(cls, parts: Sequence["PackedValues"]) -> "PackedValues":
        """The values of `parts`, one after the other."""
        if not parts:
            return cls(b"", np.zeros(0, dtype=np.int64))
        if len(parts) == 1:
            return parts[0]
        shifts = np.cumsum([0] + [len(part.joined) for part in parts[:-1]])
        return cls(b"".join(part.joined for part in parts),
                   np.concatenate([part.ends + shift for part, shift in zip(parts, shifts, strict=True)]))

    @property
    def starts(self) -> np.ndarray:
        """int64: where each value starts in `joined`."""
        starts = np.zeros(len(self.ends), dtype=np.int64)
        starts[1:] = self.ends[:-1]
        return starts

    @property
    def bytes(self) -> np.ndarray:
        """`joined` as uint8, not copied."""
        return np.frombuffer(self.joined, dtype=np.uint8)

    def take(self, indices: np.ndarray, *, head: int = 0, tail: int = 0) -> "PackedValues":
        """The values at `indices`, in that order, each without its first `head` and last `tail` bytes (values
        shorter than that become empty)."""
        starts = self.starts[indices] + head
        lengths = np.maximum(self.ends[indices] - tail - starts, 0)
        ends = np.cumsum(lengths)
        within = np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64) - np.repeat(ends - lengths, lengths)
        return PackedValues(self.bytes[np.repeat(starts, lengths) + within].tobytes(), ends)

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, index: int) -> bytes:
        return self.joined[self.ends[index - 1] if index else 0 : self.ends[index]]


def _joined_values(packed: tuple[bytes, bytes] | bytes | None, count: int,
                   size: int | None) -> tuple[bytes, np.ndarray]:
    """(a block's values joined, the length of each) for a format whose values vary in size or have one size."""
    if size is not None and size >= 0:
        return packed or b"", np.full(count, size, dtype=np.int64)
    lengths, joined = packed
    return joined, np.frombuffer(lengths, dtype=_LENGTHS).astype(np.int64)


def read_postings(matcher: PackedLeafMatcher, *,
                  values: bool) -> tuple[np.ndarray, np.ndarray, PackedValues | None]:
    """(document numbers as int64, weights as float64, each posting's encoded value or None) of every block from
    `matcher`'s current one to the last, as Whoosh's matcher would give them one at a time.

    Weights are Whoosh's float32 values widened, as its matcher returns them from an array("f"). Values are
    b"" for a format that stores none (Whoosh gives None).
    """
    ids, weights, blocks = [], [], []
    while matcher.is_active():
        matcher._read_data()
        packed_ids, packed_weights, packed_values = matcher._data
        count = matcher._blocklength
        ids.append(np.cumsum(np.frombuffer(packed_ids, dtype=_IDS), dtype=np.int64))
        if packed_weights is None or isinstance(packed_weights, float):
            weights.append(np.full(count, 1.0 if packed_weights is None else packed_weights))
        else:
            weights.append(np.frombuffer(packed_weights, dtype=_WEIGHTS).astype(np.float64))
        if values:
            joined, lengths = _joined_values(packed_values, count, matcher._fixedsize)
            blocks.append(PackedValues(joined, np.cumsum(lengths)))
        matcher._next_block()
    found = PackedValues.concat(blocks) if values else None
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0), found
    return np.concatenate(ids), np.concatenate(weights), found
