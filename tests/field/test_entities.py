"""F16 and F17 (inputs/README.md): ranks, titles, companies, pairs, nicknames and acronyms around names.

Line by line through the recogniser and linker (what `manage.py recognize --lines` prints), then after ingest.
"""

import pytest

from articles.entities.gazetteer import load_default_gazetteer
from articles.entities.link import link
from articles.entities.recognise import recognise
from tests.field.conftest import field_input


def lines(folder: str) -> list[list[tuple[str, str, str]]]:
    gazetteer = load_default_gazetteer()
    return [
        [(m.span.text, m.type, m.key) for m in link(recognise(line, gazetteer), gazetteer)]
        for line in field_input(folder).read_text(encoding="utf-8").splitlines()
    ]


def names(found: list[tuple[str, str, str]], kind: str) -> set[str]:
    return {text for text, type_, _ in found if type_ == kind}


def test_f16_ranks_and_titles_are_not_part_of_the_name():
    first, second, third = lines("F16-ner-ranks-titles-companies")
    assert "Listyo Sigit Prabowo" in names(first, "person")
    assert "Polri" in names(first, "organization")
    assert not names(first, "person") & {"Pol", "Prabowo"}
    assert all(key != "Prabowo Subianto" for _, _, key in first)
    assert names(second, "person") == {"Bambang Sutrisno"}
    assert names(second, "organization") & {"DPR", "Komisi XI DPR"}
    assert "Komisi XI" not in names(second, "person")
    assert "Hendra Wijaya" in names(third, "person")
    assert names(third, "organization") & {"PT Sinar Jaya Abadi", "PT. Sinar Jaya Abadi"}
    assert "Polda Metro Jaya" in names(third, "organization")
    assert "PT" not in names(third, "person")


def test_f17_pairs_are_two_people():
    first, _ = lines("F17-ner-pairs-aliases-acronyms")
    assert {"Anies", "Sandi", "Djarot Saiful Hidayat", "Jokowi", "JK"} <= names(first, "person")
    assert "Kemayoran" in names(first, "location")
    assert not names(first, "person") & {"Anies-Sandi", "Jokowi-JK"}


def test_f17_a_river_is_a_place():
    first, _ = lines("F17-ner-pairs-aliases-acronyms")
    assert "Kali Ciliwung" in names(first, "location")


@pytest.mark.django_db
def test_f16_after_ingest_the_rank_is_not_a_sentence_end_nor_a_famous_surname(ingest_field):
    article = ingest_field("F16-ner-ranks-titles-companies").only()
    assert article["title"] == "Kapolri Jenderal Pol. Listyo Sigit Prabowo menyatakan Polri siap membantu"
    entities = {e["name"]: e["type"] for e in article["entities"]}
    assert entities.get("Listyo Sigit Prabowo") == "person"
    assert "Prabowo Subianto" not in entities


@pytest.mark.django_db
def test_f17_after_ingest_nicknames_and_acronyms_are_one_entity(ingest_field):
    article = ingest_field("F17-ner-pairs-aliases-acronyms").only()
    by_name = {e["name"]: e for e in article["entities"]}
    basuki = by_name["Basuki Tjahaja Purnama"]
    assert len(basuki["mentions"]) == 3
    assert "Ahok" not in by_name
    assert "Joko Widodo" in by_name and "Jokowi" not in by_name
    assert by_name["Bank Indonesia"]["type"] == "organization" and "BI" not in by_name


def test_f17_a_bracketed_acronym_is_one_mention_and_an_alias_of_the_name():
    _, second = lines("F17-ner-pairs-aliases-acronyms")
    assert "Perry Warjiyo" in names(second, "person")
    keys = {text: key for text, _, key in second}
    assert keys["Bank Indonesia (BI)"] == keys["BI"] == "Bank Indonesia"
    assert names(second, "organization") == {"Bank Indonesia (BI)", "BI"}
