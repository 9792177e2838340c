import re
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.fields import TEXT, Schema

from articles.search.analysis import exact_analyzer, indonesian_analyzer
from articles.search.highlight import ELLIPSIS, Literal, highlight_spans, snippet
from articles.search.querying import parse_user_query

ANALYZER = indonesian_analyzer()
SCHEMA = Schema(title=TEXT(analyzer=ANALYZER), text=TEXT(analyzer=ANALYZER), exact=TEXT(analyzer=exact_analyzer()))


def marked(text: str, query: str) -> list[str]:
    parsed = parse_user_query(query, SCHEMA)
    literal = Literal(exact_analyzer(), parsed.literal_phrases_for_highlight, parsed.prefixes_for_highlight)
    spans = highlight_spans(text, parsed.terms_for_highlight, ANALYZER, parsed.phrases_for_highlight, literal)
    return [text[start:end] for start, end in spans]


def test_every_affixed_form_of_a_searched_word_is_marked():
    text = "Pengerahan pasukan: NATO mengerahkan jet, tank dikerahkan."
    assert marked(text, "kerahkan") == ["Pengerahan", "mengerahkan", "dikerahkan"]


def test_a_name_is_not_marked_for_a_word_it_contains():
    assert marked("Megawati menilai situasi gawat.", "gawat") == ["gawat"]


def test_excluded_words_are_not_marked():
    assert marked("Rusia dan Tiongkok", "Rusia -Tiongkok") == ["Rusia"]


def test_synonyms_are_marked():
    assert marked("Presiden China bertemu Menlu AS", "Tiongkok") == ["China"]


def test_old_spelling_is_marked():
    assert marked("Era Presiden Soeharto", "Suharto") == ["Soeharto"]


def test_a_part_of_a_hyphenated_word_marks_only_that_part():
    assert marked("Rudal Iskander-M meluncur", "Iskander") == ["Iskander"]
    assert marked("Rudal Iskander-M meluncur", "Iskander-M") == ["Iskander-M"]


def test_a_phrase_is_marked_only_where_its_words_follow_each_other():
    text = "Republik Indonesia mengundang Republik Rakyat Tiongkok dan Menteri Dalam Negeri."
    assert marked(text, '"Menteri Dalam Negeri"') == ["Menteri Dalam Negeri"]
    assert marked(text, "Tiongkok") == ["Republik Rakyat Tiongkok"]


def test_stopwords_are_never_marked():
    assert marked("yang tidak", "yang tidak") == ["tidak"]


def test_the_snippet_shows_the_window_with_the_most_distinct_matches():
    text = ("Pasukan berjaga. " * 30) + "Pengerahan rudal Iskander-M ke perbatasan. " + ("Cuaca cerah. " * 30)
    parsed = parse_user_query("pengerahan rudal pasukan", SCHEMA)
    pieces = snippet(text, parsed.terms_for_highlight, ANALYZER, length=120)
    assert pieces[0] == (ELLIPSIS, False)
    assert pieces[-1] == (ELLIPSIS, False)
    assert {piece for piece, is_match in pieces if is_match} == {"Pasukan", "Pengerahan", "rudal"}


def test_the_snippet_starts_at_the_beginning_when_nothing_matches():
    pieces = snippet("Kabar pagi ini dari Jakarta. " * 20, {"tiada"}, ANALYZER, length=60)
    assert pieces[0][0].startswith("Kabar pagi")
    assert pieces[-1] == (ELLIPSIS, False)
    assert not any(is_match for _, is_match in pieces)


def test_the_snippet_does_not_cut_words_and_collapses_whitespace():
    pieces = snippet("Satu dua\n\ntiga empat lima enam tujuh delapan", set(), ANALYZER, length=20)
    assert pieces == [("Satu dua tiga empat", False), (ELLIPSIS, False)]


def test_a_short_text_is_shown_whole():
    assert snippet("Rudal diluncurkan", {"rudal"}, ANALYZER) == [("Rudal", True), (" diluncurkan", False)]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600), st.sampled_from(["kerah", "rudal", "a", "1", "tidak"]))
def test_spans_are_sorted_disjoint_and_inside_the_text(text, term):
    spans = highlight_spans(text, {term}, ANALYZER)
    assert all(0 <= start < end <= len(text) for start, end in spans)
    assert all(previous[1] <= current[0] for previous, current in pairwise(spans))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=800), st.integers(min_value=1, max_value=300))
def test_snippet_pieces_are_the_text_itself_for_any_input(text, length):
    pieces = snippet(text, {"kerah", "rudal"}, ANALYZER, length=length)
    inner = [piece for piece in pieces if piece != (ELLIPSIS, False)]
    shown = "".join(piece for piece, _ in inner)
    assert shown in re.sub(r"\s+", " ", text)
    assert all(piece for piece, _ in pieces)


TRICKY = ("memukul menyapu pengerahan mengebom penyanyi perjuangan keberhasilan menghasilkan Soekarno Djakarta "
          "Tjokroaminoto F-16 Iskander-M Erdoğan kota-kota diperkenalkan mempertanyakan ketidakadilan "
          "Jkt gak utk tekhnologi e-mail")


def _corpus() -> list[str]:
    from tests.conftest import SEEDS_DIR

    return [TRICKY, *(path.read_text(encoding="utf-8") for path in sorted(SEEDS_DIR.glob("*.txt")))]


def test_the_word_prefilter_never_rules_out_a_word_the_analyzer_would_match():
    from articles.search.analysis import term_cores
    from articles.search.highlight import _NEEDS_FOLDING

    checked = 0
    for text in _corpus():
        for token in ANALYZER(text, chars=True, mode="index"):
            surface = text[token.startchar:token.endchar].lower()
            if not re.search(_NEEDS_FOLDING, surface):  # those words are always analysed
                cores = term_cores(token.text)
                assert cores is None or any(core in surface for core in cores), (surface, token.text)
                checked += 1
    assert checked > 1000


def test_prefiltered_highlights_equal_highlights_from_analysing_the_whole_text():
    for text in _corpus():
        tokens = [(t.startchar, t.endchar, t.text) for t in ANALYZER(text, chars=True, mode="index")]
        for term in sorted({word for _, _, word in tokens})[::7]:
            whole = [(start, end) for start, end, word in tokens if word == term]
            assert highlight_spans(text, {term}, ANALYZER) == whole, term


def test_every_occurrence_of_a_phrase_inside_a_paragraph_is_marked():
    for text in _corpus()[1:]:
        tokens = [(t.pos, t.startchar, t.endchar, t.text)
                  for t in ANALYZER(text, positions=True, chars=True, mode="index")]
        pairs = [(a, b) for a, b in pairwise(tokens) if b[0] == a[0] + 1 and "\n\n" not in text[a[2]:b[1]]]
        for a, b in pairs[::9]:
            spans = highlight_spans(text, set(), ANALYZER, [(a[3], b[3])])
            assert any(start <= a[1] and b[2] <= end for start, end in spans), (a, b)


def _counting_analyzer():
    """(the values analysed so far, the analyzer that records them)."""
    calls: list[str] = []

    def counting(value, **kwargs):
        calls.append(value)
        return ANALYZER(value, **kwargs)

    return calls, counting


def test_a_word_met_again_is_analysed_once_and_marked_at_each_place():
    calls, counting = _counting_analyzer()
    text = "Banjir di Jakarta surut. Warga Jakarta kembali ke rumah, kata gubernur Jakarta hari ini."
    spans = highlight_spans(text, {"jakarta"}, counting)
    assert [text[start:end] for start, end in spans] == ["Jakarta"] * 3
    assert calls == ["Jakarta"]


def test_a_word_a_spelling_table_reaches_is_found_without_analysing_the_whole_text():
    calls, counting = _counting_analyzer()
    text = "Banjir di Jakarta surut. Warga Jkt kembali ke rumah. Tekhnologi baru di Bandung."
    for term in ("jakarta", "teknologi"):
        calls.clear()
        whole = [(t.startchar, t.endchar) for t in ANALYZER(text, chars=True, mode="index") if t.text == term]
        assert highlight_spans(text, {term}, counting) == whole
        assert text not in calls
    assert len(whole) == 1
