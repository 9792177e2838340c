"""'Did you mean': the nearest indexed word wins, then the most frequent (articles/search/corrections.py)."""

from articles.search.corrections import Lexicon, closest, max_distance


def lexicon(**frequencies: int) -> Lexicon:
    return Lexicon.merged([frequencies])


def test_a_swap_of_neighbouring_letters_is_one_edit():
    assert closest("presdien", lexicon(presiden=3)) == "presiden"
    assert closest("ntao", lexicon(nato=2)) == "nato"  # four letters allow one edit: a swap is one


def test_the_nearer_word_wins_over_the_more_frequent():
    assert closest("presidan", lexicon(presiden=3, president=100)) == "presiden"


def test_among_equally_near_words_the_more_frequent_wins_then_the_alphabetical():
    assert closest("bandang", lexicon(banding=5, bandung=50)) == "bandung"
    assert closest("bandang", lexicon(banding=5, bandung=5)) == "banding"


def test_nothing_beyond_the_allowed_edits_and_never_the_word_itself():
    assert max_distance("pajak") == 1 and max_distance("pelabuhan") == 2
    assert closest("pajak", lexicon(pajaknya=40)) is None  # three edits
    assert closest("pajak", lexicon(pajak=9)) is None
    assert closest("pajak", lexicon()) is None


def test_segments_add_up():
    merged = Lexicon.merged([{"banjir": 2, "bandung": 1}, {"banjir": 3}])
    assert dict(zip(merged.words, merged.frequencies, strict=True)) == {"banjir": 5, "bandung": 1}
