from pathlib import Path

import pytest

from articles.entities.link import link, strip_role
from articles.entities.recognise import Span, recognise

SEED_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"


def person(text: str, start: int = 0) -> Span:
    return Span(start, start + len(text), text, "person")


def keys(spans: list[Span], gazetteer) -> list[str]:
    return [m.key for m in link(spans, gazetteer)]


def test_roles_are_stripped():
    assert strip_role("Presiden Putin") == "Putin"
    assert strip_role("Menteri Luar Negeri Antony Blinken") == "Antony Blinken"
    assert strip_role("Presiden") == "Presiden"


def test_putin_vladimir_putin_and_presiden_putin_are_one_person(gazetteer):
    assert set(keys([person("Putin"), person("Vladimir Putin"), person("Presiden Putin")], gazetteer)) == {
        "Vladimir Putin"
    }


def test_zelensky_and_zelenskyy_are_one_person(gazetteer):
    assert set(keys([person("Zelensky"), person("Volodymyr Zelenskyy")], gazetteer)) == {"Volodymyr Zelensky"}


def test_a_close_spelling_variant_links_by_fuzzy_match(gazetteer):
    assert keys([person("Volodymir Zelenskyi")], gazetteer) == ["Volodymyr Zelensky"]


def test_tiongkok_china_and_as_amerika_serikat_are_one_place_each(gazetteer):
    places = [Span(0, 8, t, "location") for t in ("Tiongkok", "China", "AS", "Amerika Serikat")]
    assert keys(places, gazetteer) == ["Tiongkok", "Tiongkok", "Amerika Serikat", "Amerika Serikat"]


def test_a_surname_links_to_the_full_name_in_the_same_article(gazetteer):
    assert keys([person("Eddy Sumarman"), person("Sumarman"), person("ES")], gazetteer) == ["Eddy Sumarman"] * 3


def test_different_people_with_one_surname_never_merge(gazetteer):
    linked = keys([person("Joe Biden"), person("Hunter Biden"), person("Biden")], gazetteer)
    assert linked == ["Joe Biden", "Hunter Biden", "Hunter Biden"]


def test_similar_names_of_different_people_stay_apart(gazetteer):
    assert keys([person("Jill Biden"), person("Joko Widada")], gazetteer) == ["Jill Biden", "Joko Widada"]


def test_an_unknown_name_is_its_own_key_and_keeps_its_type(gazetteer):
    [mention] = link([Span(0, 17, "Partai Buruh Baru", "organization")], gazetteer)
    assert (mention.key, mention.type) == ("Partai Buruh Baru", "organization")


def test_the_registry_decides_the_type(gazetteer):
    [mention] = link([Span(0, 7, "Kremlin", "location")], gazetteer)
    assert (mention.key, mention.type) == ("Kremlin", "organization")


def test_every_putin_and_zelensky_mention_in_the_seeds_links_to_one_key(gazetteer):
    found: dict[str, set[str]] = {}
    for path in sorted(SEED_DIR.glob("*.txt")):
        for mention in link(recognise(path.read_text(encoding="utf-8")), gazetteer):
            found.setdefault(mention.span.text, set()).add(mention.key)
    assert found["Putin"] == found["Vladimir Putin"] == {"Vladimir Putin"}
    assert found["Zelensky"] == found["Volodymyr Zelenskyy"] == {"Volodymyr Zelensky"}
    assert found["China"] == found["Tiongkok"] == {"Tiongkok"}
    assert found["Stoltenberg"] == {"Jens Stoltenberg"}


def test_a_party_its_short_form_and_its_acronym_are_one_organisation(gazetteer):
    text = "Partai Gerindra dan PKB berkoalisi. Gerindra menyebut Partai Kebangkitan Bangsa mitra lama."
    found = {m.span.text: (m.type, m.key) for m in link(recognise(text, gazetteer), gazetteer)}
    assert found["Partai Gerindra"] == found["Gerindra"] == ("organization", "Partai Gerakan Indonesia Raya")
    assert found["PKB"] == found["Partai Kebangkitan Bangsa"] == ("organization", "Partai Kebangkitan Bangsa")


def test_a_ministry_s_abbreviation_links_to_the_ministry(gazetteer):
    text = "Kemenkeu dan Kementerian Kelautan dan Perikanan (KKP) menandatangani nota kesepahaman."
    keys_found = {m.span.text: m.key for m in link(recognise(text, gazetteer), gazetteer)}
    assert keys_found["Kemenkeu"] == "Kementerian Keuangan"
    assert "Kementerian Kelautan dan Perikanan" in keys_found.values()
    assert "Kementerian Kelautan" not in keys_found.values()


@pytest.mark.parametrize(
    ("text", "longer", "famous"),
    [
        ("Pedagang Rudi Prabowo ditangkap. Prabowo mengaku tidak bersalah.", "Rudi Prabowo", "Prabowo Subianto"),
        ("Kepala desa Budi Widodo bicara. Widodo menambahkan air cukup.", "Budi Widodo", "Joko Widodo"),
    ],
)
def test_a_famous_name_inside_a_longer_unknown_name_never_links_to_the_famous_person(gazetteer, text, longer, famous):
    found = keys(recognise(text, gazetteer), gazetteer)
    assert famous not in found
    assert found.count(longer) == 2
