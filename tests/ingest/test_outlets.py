"""Outlets and agencies named only by an article's own text: datelines, title suffixes, channel words."""

import pytest

from articles.ingest.clean import DATE_LINE, clean
from articles.ingest.describe import describe
from articles.ingest.document import Cleaned, Description, RawDocument, RemovedLine
from articles.ingest.outlets import names_outlet, split_title_suffix

LEAD = "Gunung api di Kabupaten Flores Timur kembali erupsi pada Kamis pagi dengan kolom abu setinggi dua kilometer."


def described(text: str = LEAD, url: str = "", **meta: str) -> Description:
    document = RawDocument(origin="test", format="txt", text=text, url=url, meta=meta)
    return describe(document, clean(text))


@pytest.mark.parametrize(
    ("dateline", "outlet", "agency"),
    [("Larantuka (ANTARA) - ", ("Antara", "antaranews.com"), "Antara"),
     ("Washington (Reuters) - ", ("Reuters", ""), "Reuters"),
     ("Beijing (Xinhua) – ", ("Xinhua", ""), "Xinhua")],
)
def test_an_agency_dateline_names_the_outlet_when_nothing_else_does(
    dateline: str, outlet: tuple[str, str], agency: str
) -> None:
    found = described(dateline + LEAD)
    assert ((found.source_name, found.source_domain), found.agency) == (outlet, agency)


def test_the_url_outranks_an_agency_dateline() -> None:
    found = described("Larantuka (ANTARA) - " + LEAD, url="https://www.suaraflores.co.id/berita/1")
    assert (found.source_name, found.agency) == ("suaraflores.co.id", "Antara")


@pytest.mark.parametrize(
    ("title", "outlet"),
    [
        ("Gunung Lewotobi Kembali Erupsi - ANTARA News", ("Antara", "antaranews.com")),
        ("Gunung Lewotobi Kembali Erupsi | Kompas.id", ("Kompas.id", "kompas.id")),
        ("Gunung Lewotobi Kembali Erupsi - Okezone News", ("Okezone", "okezone.com")),
        ("Gunung Lewotobi Kembali Erupsi – Republika Online", ("Republika", "republika.co.id")),
        ("Gunung Lewotobi Kembali Erupsi - CNN Indonesia", ("CNN Indonesia", "cnnindonesia.com")),
        ("Gunung Lewotobi Kembali Erupsi - detikNews", ("detikcom", "detik.com")),
        ("Gunung Lewotobi Kembali Erupsi | floresku.id", ("floresku.id", "floresku.id")),
    ],
)
def test_a_title_suffix_that_names_an_outlet_names_it_and_leaves_the_title(title: str, outlet: tuple[str, str]) -> None:
    found = described(title=title)
    assert (found.source_name, found.source_domain) == outlet
    assert found.title == "Gunung Lewotobi Kembali Erupsi"


@pytest.mark.parametrize("title", ["Jokowi - Prabowo Bertemu di Istana Bogor",
                                   "Warga Gaza Terjepit - Antara Perang dan Damai",
                                   "Timnas Indonesia vs Vietnam - Babak Pertama"])
def test_a_title_whose_last_part_is_not_an_outlet_stays_whole(title: str) -> None:
    assert split_title_suffix(title) == (title, None)
    found = described(title=title)
    assert (found.title, found.source_name) == (title, "")


def test_a_stated_source_outranks_a_title_suffix_and_its_name_is_cut_from_the_title() -> None:
    found = described(title="Erupsi Lewotobi - Warta Flores", source="Warta Flores")
    assert (found.source_name, found.title) == ("Warta Flores", "Erupsi Lewotobi")


@pytest.mark.parametrize(
    ("date_line", "outlet"),
    [
        ("detikNews | Sabtu 08 Oct 2016, 14:54 WIB", ("detikcom", "detik.com")),
        ("detikFinance | Senin, 03 Jan 2022 10:15 WIB", ("detikcom", "detik.com")),
        ("kumparanBISNIS - 3 Mei 2024 09:00", ("kumparan", "kumparan.com")),
        ("Kompas.com - 14/03/2023, 13:05 WIB", ("Kompas", "kompas.com")),
    ],
)
def test_a_channel_word_in_a_removed_date_line_names_the_outlet(date_line: str, outlet: tuple[str, str]) -> None:
    cleaned = Cleaned(text=LEAD, removed=[RemovedLine(date_line, DATE_LINE)])
    found = describe(RawDocument(origin="test", format="txt", text=LEAD), cleaned)
    assert (found.source_name, found.source_domain) == outlet


def test_a_channel_word_outranks_an_agency_dateline() -> None:
    cleaned = Cleaned(text=LEAD, removed=[RemovedLine("detikNews | Sabtu 08 Oct 2016, 14:54 WIB", DATE_LINE),
                                          RemovedLine("Larantuka (ANTARA)", "dateline")])
    found = describe(RawDocument(origin="test", format="txt", text=LEAD), cleaned)
    assert (found.source_name, found.agency) == ("detikcom", "Antara")


@pytest.mark.parametrize(("text", "expected"), [("detikcom", True), ("ANTARA News", True), ("Kompas.id", True),
                                                ("kumparanNEWS", True), ("Antara Perang", False),
                                                ("Dimas Prasetyo", False)])
def test_names_outlet_needs_the_whole_name(text: str, expected: bool) -> None:
    assert names_outlet(text) is expected


@pytest.mark.django_db
def test_an_outlet_an_editor_names_in_the_admin_is_recognised_by_the_next_ingest(tmp_path):
    from articles.ingest.pipeline import ingest
    from articles.models import Article, Source

    def ingest_page(name: str, title: str) -> Article:
        page = tmp_path / name
        page.write_text(f"<html><head><title>{title} - KL Online</title></head><body><article><h1>{title}</h1>"
                        "<p>Mataram - Ribuan warga memadati pantai untuk menyaksikan festival layang-layang tahunan."
                        "</p><p>Panitia menyiapkan hadiah bagi peserta dengan layang-layang terbesar.</p>"
                        "</article></body></html>", encoding="utf-8")
        assert ingest([str(page)], processes=1).run.failed == 0
        return Article.objects.get(title__startswith=title)

    before = ingest_page("a.html", "Festival Layang-layang Digelar")
    assert before.source.name != "Kabar Lombok"
    Source.objects.create(name="Kabar Lombok", slug="kabar-lombok", domain="kabarlombok.id", aliases=["KL Online"])
    after = ingest_page("b.html", "Festival Layang-layang Ditutup")
    assert (after.source.slug, after.title) == ("kabar-lombok", "Festival Layang-layang Ditutup")


@pytest.mark.parametrize("signature", ["(ant/Antara)", "(rls/ant)", "(Ant)"])
def test_an_agency_signature_credits_the_agency_not_the_outlet(signature: str) -> None:
    text = f"Makassar - {LEAD}\n\nStatus gunung masih berada pada Level III atau Siaga.\n\n{signature}"
    described = describe(RawDocument(origin="x.txt", format="txt", text=text), clean(text))
    assert (described.source_name, described.agency) == ("", "Antara")
