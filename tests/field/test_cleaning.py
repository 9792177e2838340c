"""Field rows about cleaning (inputs/README.md): furniture leaves the body and the search, the story stays.

Dates, authors and outlets of these rows are asserted where describing is tested; here only body and title.
"""


def absent(body: str, *words: str) -> bool:
    """None of `words` is in `body`, in any letter case."""
    return not any(word.casefold() in body.casefold() for word in words)


def test_f03_a_date_line_with_an_old_month_abbreviation_leaves_the_body(ingest_field) -> None:
    body = ingest_field("F03-old-month-abbreviations").only()["body"]
    assert absent(body, "6 Nop 2019", "14:05")
    assert "Jalan tol layang Jakarta-Cikampek mulai diuji coba untuk kendaraan golongan I." in body


def test_f04_a_date_line_led_by_a_channel_name_leaves_the_body(ingest_field) -> None:
    body = ingest_field("F04-date-line-with-prefix").only()["body"]
    assert absent(body, "detikNews", "08 Oct 2016")
    assert "KPU DKI Jakarta memastikan debat pertama calon gubernur digelar di Hotel Bidakara." in body


def test_f05_inline_furniture_leaves_the_body_and_the_index(ingest_field) -> None:
    run = ingest_field("F05-inline-furniture")
    cnn = run.articles["JPO Tanah Abang Ditutup Sementara"]["body"]
    assert absent(cnn, "ADVERTISEMENT", "SCROLL TO CONTINUE WITH CONTENT", "Gambas")
    assert "Dinas Bina Marga DKI Jakarta menutup sementara jembatan" in cnn
    assert "Penutupan dilakukan karena lantai jembatan rusak." in cnn
    kompas = run.articles["Warga Rusun Marunda Minta Pasokan Air Bersih Diperbaiki"]["body"]
    assert absent(kompas, "Baca juga", "Pipa Bocor, Ribuan Rumah di Cilincing Kekeringan")
    assert kompas.split("\n\n") == [
        "Puluhan warga Rumah Susun Marunda mengeluhkan pasokan air bersih yang sudah tiga hari tidak mengalir.",
        "Kepala unit pengelola rusun menyatakan perbaikan pompa ditargetkan selesai pada Kamis.",
    ]
    tempo = run.articles["Aliansi Mahasiswa Serahkan Petisi ke DPR"]["body"]
    assert absent(tempo, "Pilihan Editor", "Harga BBM Nonsubsidi Turun Mulai Besok")
    assert "Petisi itu meminta DPR menunda pembahasan revisi undang-undang." in tempo
    for query in ("Gambas", "Cilincing", "Nonsubsidi"):
        assert run.search(query) == [], query


def test_f08_the_credit_line_is_not_in_the_body(ingest_field) -> None:
    body = ingest_field("F08-author-from-credit-line").only()["body"]
    assert absent(body, "Penulis", "Editor", "Kompas TV", "Kompas Cyber Media")
    assert body.startswith("Bakal calon wakil gubernur DKI Jakarta Sylviana Murni menyapa warga Rusunawa Koja")


def test_f15_a_headline_joining_two_names_with_a_dash_is_the_title(ingest_field) -> None:
    run = ingest_field("F15-headline-with-dash")
    article = run.only()
    assert article["title"] == "Jokowi - Prabowo Bertemu di Istana Bogor"
    assert absent(article["body"], "Prabowo Bertemu di Istana Bogor")
    assert "Presiden Joko Widodo menerima Prabowo Subianto di Istana Bogor." in article["body"]
    assert run.search("Jokowi") == ["Jokowi - Prabowo Bertemu di Istana Bogor"]


def test_f21_a_comma_joined_article_with_a_photo_credit_at_its_end_is_kept(ingest_field) -> None:
    run = ingest_field("F21-unsplit-paragraphs")
    body = run.only()["body"]
    assert "Nadia Larasati kembali jadi perhatian warganet" in body
    assert "Nadia juga sempat viral lewat video menari di pantai" in body
    assert absent(body, "(Foto:", "@nadialaras")
    # The comma joins were paragraph breaks.
    assert len(body.split("\n\n")) == 7
