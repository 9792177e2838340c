import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import query as wq
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.index import Index

from articles.search.analysis import exact_analyzer, indonesian_analyzer
from articles.search.querying import MAX_CLAUSES, highlight_terms, looser_query, parse_user_query
from articles.search.synonyms import SynonymMap

DOCS = {
    "kerah": ("NATO kerahkan pasukan", "Aliansi mengerahkan ribuan tentara ke Polandia."),
    "china": ("Kunjungan ke Beijing", "Presiden China bertemu Presiden Amerika Serikat."),
    "tiongkok": ("Tiongkok dan Rusia", "Tiongkok menggelar latihan bersama Rusia."),
    "sekjen": ("Sekretaris Jenderal PBB", "Sekretaris Jenderal menyerukan gencatan senjata."),
    "suharto": ("Orde Baru", "Presiden Suharto lengser pada 1998."),
    "megawati": ("Megawati berpidato", "Megawati Soekarnoputri berbicara di Jakarta."),
    "gawat": ("Situasi gawat", "Keadaan gawat di perbatasan."),
    "tidak": ("Rusia tidak setuju", "Moskow tidak setuju dengan usulan itu."),
    "setuju": ("Ukraina setuju", "Kyiv setuju dengan usulan itu."),
    "f16": ("Jet F-16 tiba", "Belanda mengirim jet F-16 dan rudal Iskander-M dilaporkan di KTT G7."),
    "title": ("Harga beras naik", "Laporan pasar."),
    "body": ("Laporan pasar", "Harga beras naik tajam di pasar."),
}


@pytest.fixture(scope="module")
def index() -> Index:
    schema = Schema(
        id=ID(stored=True),
        title=TEXT(analyzer=indonesian_analyzer()),
        text=TEXT(analyzer=indonesian_analyzer()),
        exact=TEXT(analyzer=exact_analyzer()),
    )
    index = RamStorage().create_index(schema)
    with index.writer() as writer:
        for doc_id, (title, body) in DOCS.items():
            writer.add_document(id=doc_id, title=title, text=body, exact=f"{title}\n{body}")
    return index


def search(index: Index, text: str, synonyms: SynonymMap | None = None) -> list[str]:
    parsed = parse_user_query(text, index.schema, synonyms=synonyms)
    with index.searcher() as searcher:
        return [hit["id"] for hit in searcher.search(parsed.query, limit=None)]


def test_all_plain_words_must_match(index):
    assert search(index, "presiden china") == ["china"]


def test_affixed_forms_find_each_other(index):
    assert search(index, "pengerahan pasukan") == ["kerah"]


def test_tiongkok_finds_china_and_the_other_way(index):
    assert set(search(index, "Tiongkok")) == set(search(index, "China")) == {"china", "tiongkok"}


def test_as_finds_amerika_serikat(index):
    assert search(index, "presiden AS") == ["china"]


def test_sekjen_finds_sekretaris_jenderal(index):
    assert search(index, "Sekjen") == ["sekjen"]


def test_entity_aliases_expand_at_query_time(index):
    assert search(index, "Beijing", SynonymMap.build([("Beijing", ["Peking"])])) == ["china"]
    assert search(index, "Peking", SynonymMap.build([("Beijing", ["Peking"])])) == ["china"]


def test_soeharto_finds_suharto(index):
    assert search(index, "Soeharto") == ["suharto"]


def test_gawat_does_not_find_megawati(index):
    assert search(index, "gawat") == ["gawat"]
    assert search(index, "Megawati") == ["megawati"]


def test_negation_is_part_of_the_query(index):
    assert search(index, "tidak setuju") == ["tidak"]
    assert set(search(index, "setuju")) == {"tidak", "setuju"}


def test_codes_and_hyphenated_names_are_findable(index):
    assert search(index, "F-16") == search(index, "F16") == search(index, "G7") == ["f16"]
    assert search(index, "Iskander-M") == search(index, "Iskander") == ["f16"]


def test_a_quoted_phrase_needs_its_words_in_order(index):
    assert search(index, '"presiden china"') == ["china"]
    assert search(index, '"china presiden"') == []


def test_a_phrase_matches_its_synonyms(index):
    assert search(index, '"presiden AS"') == ["china"]


def test_or_accepts_either_side(index):
    assert set(search(index, "Megawati OR gawat")) == {"megawati", "gawat"}


def test_or_binds_tighter_than_the_implicit_and(index):
    assert search(index, "situasi gawat OR Megawati") == ["gawat"]


def test_minus_excludes_a_word(index):
    assert search(index, "setuju -tidak") == ["setuju"]


def test_an_excluded_name_excludes_its_synonyms(index):
    assert search(index, "Rusia -China") == ["tidak"]


def test_an_exclusion_holds_when_the_excluded_side_starts_on_an_earlier_document(index):
    # "china" (doc 1) precedes the first "rusia" doc (2, which is also "tiongkok"): Whoosh's AndNot misses it.
    assert "tiongkok" not in search(index, "rusia -tiongkok -china")


def test_only_an_exclusion_returns_everything_else(index):
    assert set(search(index, "-tidak")) == set(DOCS) - {"tidak"}


def test_title_ranks_above_body(index):
    assert search(index, "harga beras") == ["title", "body"]


def test_field_filters_are_returned_apart_from_the_query():
    parsed = parse_user_query("rudal source:kompas entity:nato -entity:rusia", Schema(text=TEXT()))
    assert parsed.filters == {"source": ["kompas"], "entity": ["nato"]}
    assert parsed.excluded_filters == {"entity": ["rusia"]}
    assert parsed.plain_text == "rudal"


def test_an_unknown_field_prefix_is_searched_as_words(index):
    assert search(index, "presiden:china") == ["china"]


def test_only_stopwords_give_an_empty_query(index):
    parsed = parse_user_query("yang dan di", index.schema)
    assert parsed.is_empty


def test_highlight_terms_skip_exclusions(index):
    parsed = parse_user_query('pengerahan "presiden china" -Rusia', index.schema)
    assert {"kerah", "pengerahan"} <= parsed.terms_for_highlight
    assert ("presiden", "china") in parsed.phrases_for_highlight
    assert "rusia" not in parsed.terms_for_highlight


def test_highlight_terms_of_a_whoosh_query():
    query = wq.AndNot(wq.And([wq.Term("t", "a"), wq.Phrase("t", ["b", "c"])]), wq.Term("t", "d"))
    assert highlight_terms(query) == ({"a"}, {("b", "c")})


def test_a_huge_query_is_cut_to_a_bounded_number_of_clauses(index):
    parsed = parse_user_query(" ".join(f"kata{number}" for number in range(5_000)), index.schema)
    assert len(list(parsed.query.children())) == MAX_CLAUSES


@pytest.mark.parametrize(
    "text",
    ['"presiden china', "presiden china\"", "((presiden", "presiden)]}", "OR", "AND OR NOT", "-", "- -", '""',
     "china OR", "OR china", "NOT", "title:", ":china", "*", "chin*", "china~2", "china^3", "[a TO b]", "{a TO}",
     "\x00", "china\x00presiden", "a" * 10_000, "china " * 2_000, "\\", "'", "+china", "!china", "source:",
     "-source:", "entity:Ä", "🙂", "\u200b", "\n\t"],
)
def test_malformed_queries_degrade_to_their_words(index, text):
    search(index, text)


def test_unbalanced_quotes_search_the_words(index):
    assert search(index, '"presiden china') == ["china"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(), max_size=300))
def test_any_text_parses_and_searches(index, text):
    search(index, text)


def test_relaxed_needs_all_but_one_required_word() -> None:
    from whoosh import query as wq

    from articles.search.querying import relaxed

    a, b, c = wq.Term("text", "a"), wq.Term("text", "b"), wq.Term("text", "c")
    assert relaxed(wq.And([a, b, c])) == wq.Or([wq.And([b, c]), wq.And([a, c]), wq.And([a, b])])
    assert relaxed(wq.And([a, b])) == wq.Or([b, a])
    assert relaxed(a) is None
    excluded = wq.Not(c)
    assert relaxed(wq.And([a, b, excluded])) == wq.And([wq.Or([b, a]), excluded])


def test_a_quoted_phrase_with_a_stopword_is_matched_word_for_word_on_the_literal_field(index):
    parsed = parse_user_query('"Menteri Dalam Negeri"', index.schema)
    assert parsed.query == wq.Or([wq.Phrase("exact", ["menteri", "dalam", "negeri"])])
    assert parsed.literal_phrases_for_highlight == {("menteri", "dalam", "negeri")}
    assert not parsed.phrases_for_highlight
    assert set(search(index, '"setuju dengan usulan itu"')) == {"tidak", "setuju"}
    assert search(index, '"setuju untuk usulan itu"') == []


def test_a_stopword_in_a_quoted_phrase_is_not_matched_by_another(index):
    assert search(index, '"tiba di Jakarta"') == []
    assert search(index, '"berbicara di Jakarta"') == ["megawati"]
    assert search(index, '"berbicara ke Jakarta"') == []


def test_a_quoted_phrase_with_a_stopword_keeps_its_synonyms(index):
    assert search(index, '"bertemu Presiden AS"') == ["china"]


def test_unquoted_stopwords_stay_out_of_the_query(index):
    assert parse_user_query("berbicara di Jakarta", index.schema).query == \
        parse_user_query("berbicara Jakarta", index.schema).query


def test_a_trailing_star_is_a_bounded_prefix_on_the_literal_field(index):
    from articles.search.querying import MAX_PREFIX_TERMS, BoundedPrefix

    parsed = parse_user_query("megaw* -Soek*", index.schema)
    excluded = wq.Not(wq.Or([BoundedPrefix("exact", "suk")]))  # old spelling, like the words it should find
    assert parsed.query == wq.And([wq.Or([BoundedPrefix("exact", "megaw")]), excluded])
    assert parsed.prefixes_for_highlight == {"megaw"}
    assert search(index, "megaw*") == ["megawati"]
    assert search(index, "Soeh*") == ["suharto"]
    big = RamStorage().create_index(index.schema)
    with big.writer() as writer:
        writer.add_document(id="x", exact=" ".join(f"kata{n:03d}" for n in range(MAX_PREFIX_TERMS + 10)))
    with big.searcher() as searcher:
        assert len(list(BoundedPrefix("exact", "kata").expanded_terms(searcher.reader()))) == MAX_PREFIX_TERMS


@pytest.mark.parametrize("text", ["*", "***", "m*", '"*"', '"megaw*"', "*megaw", "**megaw"])
def test_a_star_alone_after_one_letter_or_inside_quotes_is_no_prefix(index, text):
    parsed = parse_user_query(text, index.schema)
    assert not parsed.prefixes_for_highlight


def test_a_looser_query_joins_the_words_by_or_and_drops_exclusions():
    assert looser_query('"pasukan NATO" dikerahkan -Rusia') == "pasukan OR NATO OR dikerahkan"
    assert looser_query("NATO OR") == ""
