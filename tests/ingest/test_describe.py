"""Describing articles: title, Indonesian dates, author, dateline, outlet and agency."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from articles.ingest.bylines import clean_author
from articles.ingest.clean import clean
from articles.ingest.describe import derive_title, describe
from articles.ingest.document import Description, RawDocument

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"
JAKARTA = ZoneInfo("Asia/Jakarta")


def describe_text(text: str, **meta: str) -> Description:
    raw = RawDocument(origin="test", format="txt", text=text, meta=meta)
    return describe(raw, clean(text))


def describe_seed(number: str) -> Description:
    [path] = SEEDS.glob(f"{number}_*.txt")
    return describe_text(path.read_text(encoding="utf-8"))


def test_seed_000_has_a_derived_title_and_no_date() -> None:
    described = describe_seed("000")
    assert described.title.startswith("NATO mungkin akan mengerahkan lebih banyak senjata nuklir")
    assert len(described.title) <= 111 and described.title.endswith("…")
    assert described.published is None
    assert (described.source_name, described.agency, described.author) == ("", "", "")


def test_seed_001_is_bali_post_from_berlin_quoting_antara_dated_by_the_year_its_text_names() -> None:
    described = describe_seed("001")
    assert described.title == "Penggunakan senjata nuklir oleh Rusia untuk melawan Ukraina"
    assert not described.title.startswith("Arsip")
    assert described.dateline == "Berlin"
    assert (described.source_name, described.source_domain) == ("Bali Post", "balipost.com")
    assert described.agency == "Antara"
    # "Selasa (18/10)" has no year; the text names 2022 ("Forum ... Berlin 2022"), and 18/10/2022 was a Tuesday.
    assert described.published == datetime(2022, 10, 18, tzinfo=JAKARTA)
    assert described.published_precision == "date"


def test_seed_001_dates_safely_once_the_year_is_known() -> None:
    [path] = SEEDS.glob("001_*.txt")
    described = describe_text(path.read_text(encoding="utf-8"), reference_date="2022-10-19")
    assert described.published == datetime(2022, 10, 18, tzinfo=JAKARTA)


def test_seed_002_is_okezone_by_susi_susanti_with_a_glued_dateline() -> None:
    described = describe_seed("002")
    assert described.title == ("NATO Akan Kirim Lebih Banyak Pasukan ke Eropa timur, Peringatkan Rusia Tidak "
                               "Gunakan Senjata Nuklir")
    assert described.author == "Susi Susanti"
    assert described.published == datetime(2022, 3, 24, 5, 56, tzinfo=JAKARTA)
    assert described.dateline == "Jerman"
    assert (described.source_name, described.source_domain) == ("Okezone", "okezone.com")
    assert described.agency == ""


def test_seed_003_is_cakapcakap_dated_by_the_event_in_its_lead() -> None:
    described = describe_seed("003")
    assert (described.source_name, described.source_domain) == ("CakapCakap", "cakapcakap.com")
    assert described.published == datetime(2022, 3, 24, tzinfo=JAKARTA)
    assert described.dateline == ""
    assert described.title.startswith("Sekretaris Jenderal NATO Jens Stoltenberg mengatakan")


def test_seed_004_is_medcom_from_brussels_quoting_anadolu() -> None:
    described = describe_seed("004")
    assert described.title == "NATO: Rusia Serang Kota-Kota Ukraina karena Kalah di Medan Perang"
    assert described.dateline == "Brussels"
    assert described.published == datetime(2022, 10, 11, tzinfo=JAKARTA)
    assert (described.source_name, described.source_domain) == ("Medcom", "medcom.id")
    assert described.agency == "Anadolu Agency"


def test_metadata_wins_over_the_text() -> None:
    described = describe_text(
        "BERLIN, BALIPOST.com – Isi berita yang panjang sekali di sini, Selasa (18/10/2022).",
        title="Judul Resmi - Bali Post", published="2022-10-19T08:00:00+08:00", author="Penulis: Made Sari",
        source="Bali Post",
    )
    assert described.title == "Judul Resmi"
    assert described.published == datetime.fromisoformat("2022-10-19T08:00:00+08:00")
    assert described.author == "Made Sari"


def test_a_feed_date_in_rfc_822_is_read() -> None:
    described = describe_text("Isi berita singkat.", published="Tue, 20 Sep 2022 13:45:00 +0700")
    assert described.published == datetime(2022, 9, 20, 13, 45, tzinfo=JAKARTA)


def test_a_naive_or_indonesian_metadata_date_is_in_jakarta_time() -> None:
    assert describe_text("Isi.", published="2022-07-04 10:00").published == datetime(2022, 7, 4, 10, tzinfo=JAKARTA)
    assert describe_text("Isi.", published="5 September 2022").published == datetime(2022, 9, 5, tzinfo=JAKARTA)


def test_a_relative_metadata_date_is_refused() -> None:
    assert describe_text("Isi berita.", published="kemarin").published is None


def test_the_url_names_the_outlet() -> None:
    raw = RawDocument(origin="t", format="txt", text="Isi berita.", url="https://news.detik.com/berita/d-1/x")
    described = describe(raw, clean(raw.text))
    assert (described.source_name, described.source_domain) == ("detikcom", "detik.com")


def test_the_agency_comes_from_a_dateline_in_parentheses() -> None:
    described = describe_text("Jakarta (ANTARA) - Pemerintah menyiapkan bantuan tunai bagi keluarga.")
    assert (described.dateline, described.agency) == ("Jakarta", "Antara")


def test_a_photo_credit_is_not_the_agency() -> None:
    assert describe_text("Sekjen NATO (Foto: Reuters)\n\nIsi berita tanpa kutipan.").agency == ""


def test_the_word_antara_in_a_sentence_is_not_an_outlet_or_agency() -> None:
    described = describe_text("Ada diskusi di antara para anggota mengenai rudal.")
    assert (described.source_name, described.agency) == ("", "")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Penulis: Susi Susanti", "Susi Susanti"), ("Oleh Komang Adi", "Komang Adi"),
     ("Reporter: Andi Makkasau", "Andi Makkasau"), ("Susi Susanti, Jurnalis", "Susi Susanti"),
     ("Ni Luh Made Sari", "Ni Luh Made Sari")],
)
def test_it_strips_author_prefixes_and_roles(value: str, expected: str) -> None:
    assert clean_author(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Harga beras naik di pasar. Pedagang mengeluh.", "Harga beras naik di pasar"),
        ("Dr. Budi mengatakan harga beras naik. Pedagang mengeluh.", "Dr. Budi mengatakan harga beras naik"),
    ],
)
def test_a_derived_title_is_the_first_sentence(text: str, expected: str) -> None:
    assert derive_title(text) == expected


def test_a_long_derived_title_is_cut_at_a_word_and_not_after_a_function_word() -> None:
    title = derive_title("Pemerintah " + "sangat " * 20 + "yakin bahwa ekonomi tumbuh dengan baik tahun ini.")
    assert len(title) <= 111 and title.endswith("…") and " " not in title[-2:]
    assert title.split()[-1].rstrip("…") not in {"di", "dan", "yang", "bahwa", "dengan"}
