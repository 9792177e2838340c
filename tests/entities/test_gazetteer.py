from articles.entities.build_gazetteer import title_case
from articles.entities.gazetteer import Gazetteer

SMALL = Gazetteer.from_records(
    [
        ("Amerika Serikat", "location", ["AS", "Amerika"]),
        ("Perserikatan Bangsa-Bangsa", "organization", ["PBB"]),
        ("Dewan Keamanan PBB", "organization", ["DK PBB"]),
        ("Bandung", "location", ["Kota Bandung"]),
    ]
)


def found(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.entry.name) for m in SMALL.find(text)]


def test_it_finds_aliases_with_their_canonical_name():
    assert found("Presiden AS dan PBB") == [("AS", "Amerika Serikat"), ("PBB", "Perserikatan Bangsa-Bangsa")]


def test_offsets_index_the_text():
    text = "Kunjungan ke Kota Bandung pekan lalu"
    assert all(text[m.start : m.end] == m.text for m in SMALL.find(text))


def test_short_acronyms_match_only_in_capitals():
    assert found("mereka bekerja keras seperti as roda") == []


def test_it_needs_word_boundaries():
    assert found("PBBX dan ASEAN bukan PBB") == [("PBB", "Perserikatan Bangsa-Bangsa")]


def test_the_longest_alias_wins():
    assert found("anggota DK PBB") == [("DK PBB", "Dewan Keamanan PBB")]
    assert found("di Kota Bandung") == [("Kota Bandung", "Bandung")]


def test_a_name_written_in_lower_case_is_not_a_mention():
    assert found("kota bandung") == []


def test_lookup_is_case_insensitive_except_for_acronyms():
    assert SMALL.lookup("amerika serikat").name == "Amerika Serikat"
    assert SMALL.lookup("AS").name == "Amerika Serikat"
    assert SMALL.lookup("as") is None


def test_bps_names_are_title_cased():
    assert title_case("KEPULAUAN BANGKA BELITUNG") == "Kepulauan Bangka Belitung"
    assert title_case("DKI JAKARTA") == "DKI Jakarta"
    assert title_case("TOLI-TOLI") == "Toli-Toli"


def test_the_default_gazetteer_knows_cities_countries_and_organisations(gazetteer):
    assert gazetteer.lookup("Kota Bandung").name == "Bandung"
    assert gazetteer.lookup("China").name == "Tiongkok"
    assert gazetteer.lookup("Amerika Serikat").name == gazetteer.lookup("AS").name
    assert gazetteer.lookup("Zelenskyy").name == "Volodymyr Zelensky"
    assert gazetteer.lookup("DK PBB").type == "organization"


def test_the_default_gazetteer_stays_small():
    from articles.entities.gazetteer import DEFAULT_PATH

    assert DEFAULT_PATH.stat().st_size < 300_000


def test_every_public_life_alias_reaches_its_own_record(gazetteer):
    """A short form another record already claims (the party PBB against the United Nations) would link elsewhere."""
    from articles.entities.build_gazetteer import public_life

    records = public_life()
    assert len(records) > 100
    for record in records:
        for form in (record["name"], *record["aliases"]):
            assert gazetteer.lookup(form).name == record["name"], form


def test_the_gazetteer_knows_indonesian_parties_ministries_and_state_bodies(gazetteer):
    assert gazetteer.lookup("PDI-P").name == "Partai Demokrasi Indonesia Perjuangan"
    assert gazetteer.lookup("Kemendagri").name == "Kementerian Dalam Negeri"
    assert gazetteer.lookup("Komisi XI DPR").type == "organization"
    assert gazetteer.lookup("OJK").name == "Otoritas Jasa Keuangan"
    assert gazetteer.lookup("Polda Jabar").name == "Polda Jawa Barat"
    assert gazetteer.lookup("TNI AU").name == "TNI Angkatan Udara"
