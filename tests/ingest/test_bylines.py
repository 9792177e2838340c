"""Authors: credit lines reduced to the reporter, persons over companies, agency signatures."""

import pytest

from articles.ingest.bylines import author_of, clean_author, credit_name, is_corporate, name_case, signature_of
from articles.ingest.clean import AGENCY_SIGNATURE, BYLINE, SIGNATURE_INITIALS, clean
from articles.ingest.describe import describe
from articles.ingest.document import Cleaned, RawDocument, RemovedLine

BODY = "Pemerintah kota menambah armada bus sekolah untuk tiga kecamatan di wilayah pesisir utara."


def raw(text: str = BODY, **meta: str) -> RawDocument:
    return RawDocument(origin="test", format="txt", text=text, meta=meta)


@pytest.mark.parametrize(
    ("line", "reporter"),
    [
        ("Penulis : Dimas Prasetyo, Kompas TV | Editor : Ana Maria Wijaya", "Dimas Prasetyo"),
        ("Reporter: Hendra Gunawan | Editor: Sri Lestari", "Hendra Gunawan"),
        ("Reporter: Hendra Gunawan Editor: Sri Lestari", "Hendra Gunawan"),
        ("Penulis Kontributor Ambon, Rahmat Rahman Patty | Editor Aprillia Ika", "Rahmat Rahman Patty"),
        ("Penulis: Nur Aini, Kontributor Kompas.com Makassar", "Nur Aini"),
        ("Laporan Wartawan Tribunnews.com, Fransiskus Adhiyuda", "Fransiskus Adhiyuda"),
        ("Oleh: Yohanes Sinaga - detikNews", "Yohanes Sinaga"),
        ("Editor: Sri Lestari | Penulis: Hendra Gunawan", "Hendra Gunawan"),
        ("Pewarta : Agus Salim, Jurnalis Warga", "Agus Salim"),
        ("Editor : Ana Maria Wijaya", ""),
    ],
)
def test_a_credit_line_gives_the_reporter_alone(line: str, reporter: str) -> None:
    assert credit_name(line) == reporter


def test_a_persons_byline_in_the_text_outranks_a_corporate_meta_author() -> None:
    text = f"Penulis : Dimas Prasetyo, Kompas TV | Editor : Ana Maria Wijaya\n\n{BODY}"
    document = raw(text, author="Kompas Cyber Media")
    assert author_of(document, clean(text).removed) == "Dimas Prasetyo"


@pytest.mark.parametrize("company", ["Kompas Cyber Media", "Tim Redaksi", "Redaksi detikcom", "detikcom",
                                     "Tempo.co", "CNN Indonesia", "ANTARA", "Admin", "PT Media Nusantara Citra"])
def test_a_company_desk_or_outlet_is_never_the_author(company: str) -> None:
    assert is_corporate(company)
    assert author_of(raw(author=company), []) == ""


@pytest.mark.parametrize("person", ["Viva Yoga Mauladi", "Ni Luh Made Sari", "Tempo Adi Nugroho"])
def test_a_persons_name_that_shares_a_word_with_an_outlet_is_a_person(person: str) -> None:
    assert not is_corporate(person)
    assert author_of(raw(author=person), []) == person


def test_a_personal_metadata_author_is_used_when_the_text_names_nobody() -> None:
    assert author_of(raw(author="Penulis: Susi Susanti, Jurnalis"), []) == "Susi Susanti"


def test_metadata_co_authors_stay_but_their_desk_goes() -> None:
    assert clean_author("Andi Makkasau, Susi Susanti, Tim Redaksi") == "Andi Makkasau, Susi Susanti"


@pytest.mark.parametrize(
    ("signature", "reporter", "agency"),
    [
        ("RINA KARTIKA | ANTARA", "Rina Kartika", "Antara"),
        ("MA'RUF HIDAYAT | REUTERS", "Ma'ruf Hidayat", "Reuters"),
        ("M. FAJAR SIDIK-NUGROHO | AFP", "M. Fajar Sidik-Nugroho", "AFP"),
        ("Dewi Anggraeni | Xinhua", "Dewi Anggraeni", "Xinhua"),
    ],
)
def test_a_closing_agency_signature_gives_the_reporter_in_name_case_and_the_agency(
    signature: str, reporter: str, agency: str
) -> None:
    cleaned = Cleaned(text=BODY, removed=[RemovedLine(signature, AGENCY_SIGNATURE)])
    assert signature_of(cleaned.removed)[0] == reporter
    described = describe(raw(), cleaned)
    assert (described.author, described.agency) == (reporter, agency)


def test_an_unknown_agency_in_a_signature_is_kept_as_written() -> None:
    cleaned = Cleaned(text=BODY, removed=[RemovedLine("BAYU PUTRA | KBR", AGENCY_SIGNATURE)])
    assert (describe(raw(), cleaned).author, describe(raw(), cleaned).agency) == ("Bayu Putra", "KBR")


def test_a_byline_outranks_a_signature_and_a_signature_outranks_initials() -> None:
    signature = RemovedLine("RINA KARTIKA | ANTARA", AGENCY_SIGNATURE)
    assert author_of(raw(), [RemovedLine("Oleh: Yohanes Sinaga", BYLINE), signature]) == "Yohanes Sinaga"
    assert author_of(raw(), [RemovedLine("(Susi Susanti)", SIGNATURE_INITIALS), signature]) == "Rina Kartika"


def test_name_case_keeps_apostrophes_and_initials_readable() -> None:
    assert name_case("I GUSTI NGURAH ARYA") == "I Gusti Ngurah Arya"
    assert name_case("ABDUL'AZIZ") == "Abdul'aziz"
