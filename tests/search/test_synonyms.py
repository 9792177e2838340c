from articles.search.synonyms import SynonymMap, curated_synonyms, synonym_key


def test_curated_groups_cover_the_names_news_mixes():
    synonyms = curated_synonyms()
    assert "China" in synonyms.forms[("tiongkok",)]
    assert "Amerika Serikat" in synonyms.forms[("as",)]
    assert "Sekjen" in synonyms.forms[("sekretaris", "jenderal")]


def test_keys_are_normalised_unstemmed_words_without_stopwords():
    assert synonym_key("Menteri Dalam Negeri") == ("menteri", "negeri")
    assert synonym_key("Soeharto") == ("suharto",)


def test_entity_aliases_join_the_curated_group_they_share_a_name_with():
    synonyms = SynonymMap.build([("Amerika Serikat", ["USA", "Paman Sam"])])
    assert set(synonyms.forms[("usa",)]) == {"AS", "Amerika Serikat", "USA", "Paman Sam"}
    assert synonyms.forms[("paman", "sam")] == synonyms.forms[("as",)]


def test_groups_linked_through_a_shared_alias_merge():
    synonyms = SynonymMap.from_groups([("A1", "B1"), ("B1", "C1")])
    assert set(synonyms.forms[("a1",)]) == {"A1", "B1", "C1"}


def test_a_name_without_synonyms_is_not_in_the_map():
    synonyms = SynonymMap.from_groups([("Solo",)])
    assert synonyms.forms == {}


def test_segment_prefers_the_longest_match():
    synonyms = SynonymMap.from_groups([("AS", "Amerika Serikat"), ("Amerika", "Benua Amerika")])
    units = synonyms.segment(["presiden", "Amerika", "Serikat"])
    assert units == [("presiden",), ("AS", "Amerika Serikat")]


def test_segment_drops_stopwords_and_keeps_other_words_as_written():
    assert curated_synonyms().segment(["yang", "Jokowi", "di", "Tiongkok"])[0] == ("Jokowi",)
    assert "China" in curated_synonyms().segment(["yang", "Jokowi", "di", "Tiongkok"])[1]


def test_stopwords_inside_a_name_do_not_stop_it_matching():
    units = curated_synonyms().segment(["Menteri", "Dalam", "Negeri"])
    assert units == [("Mendagri", "Menteri Dalam Negeri")]
