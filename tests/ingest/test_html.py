"""HTML extraction: comments inside paragraphs, whole-page fallbacks, teaser-only (paywalled) pages."""

import pytest

from articles.ingest.document import RawDocument
from articles.ingest.html import extract_html
from articles.ingest.prepare import prepare

STORY = [
    "Pemerintah Kabupaten Sleman menyalurkan bantuan beras kepada keluarga yang terdampak banjir di tepi Kali Code.",
    "Bantuan dibagikan di balai desa sejak Senin pagi dan diawasi oleh petugas kecamatan setempat.",
    "Warga diminta membawa kartu keluarga agar penyaluran tepat sasaran dan tidak ada yang terlewat.",
    "Kepala desa mengatakan penyaluran tahap kedua dijadwalkan pekan depan bila stok beras mencukupi.",
]


def html_raw(body: str, head: str = "") -> RawDocument:
    page = f"<html><head>{head}</head><body>{body}</body></html>"
    return RawDocument(origin="test.html", format="html", text="", html=page)


def paragraphs(text: str) -> list[str]:
    """Paragraphs of extracted (one a line) or cleaned (blank-line separated) text."""
    return [line for line in text.splitlines() if line]


@pytest.mark.parametrize(
    "marked",
    [
        # At the start, inside the bold dateline (Kompas's image slot).
        [f"<strong><!--img.1-->YOGYAKARTA, KOMPAS.com</strong> — {STORY[0]}", *STORY[1:]],
        # At the start of a later paragraph, not in bold.
        [STORY[0], f"<!-- iklan:inarticle -->{STORY[1]}", *STORY[2:]],
        # In the middle of a paragraph, and inside italics at its start.
        [STORY[0], STORY[1], STORY[2].replace(" agar ", " <!--ads.2--> agar "), f"<em><!--x-->{STORY[3]}</em>"],
    ],
)
def test_a_paragraph_holding_an_html_comment_is_kept_in_order(marked: list[str]) -> None:
    page = "".join(f"<p>{paragraph}</p>" for paragraph in marked)
    body = prepare(html_raw(f"<article>{page}</article>")).body
    assert paragraphs(body)[-3:] == STORY[1:]
    assert paragraphs(body)[0].endswith(STORY[0])
    assert "<!--" not in body and "img.1" not in body and "ads.2" not in body


@pytest.mark.parametrize(
    ("teaser_class", "wall"),
    [
        ("article-teaser", '<div class="paywall"><p>Artikel ini khusus untuk pelanggan.</p></div>'),
        ("premium-excerpt", '<section class="box premium-lock"><p>Konten ini untuk anggota premium.</p>'
                            '<p><a class="btn btn-primary" href="/daftar">Daftar sekarang</a></p></section>'),
        ("lead", '<div id="regwall"><p>Masuk untuk membaca selengkapnya.</p><button>Masuk</button></div>'),
        ("intro", '<div class="content-locked"><p>Baca selengkapnya dengan berlangganan mulai Rp 39.000.</p></div>'),
    ],
)
def test_a_teaser_page_keeps_its_teaser_paragraphs_only_and_is_paywalled(teaser_class: str, wall: str) -> None:
    teaser = STORY[:2]
    raw = html_raw(
        f"<article><h1>Bantuan Beras untuk Korban Banjir</h1><div class=\"date\">Senin, 6 Mei 2024 10:15 WIB</div>"
        f"<div class=\"{teaser_class}\">{''.join(f'<p>{text}</p>' for text in teaser)}</div>{wall}</article>",
        head="<title>Bantuan Beras untuk Korban Banjir - Harian Contoh</title>",
    )
    assert extract_html(raw).paywalled
    prepared = prepare(raw)
    assert prepared.paywalled and paragraphs(prepared.body) == teaser
    for furniture in ("Bantuan Beras untuk Korban Banjir", "6 Mei 2024", "pelanggan", "premium", "Masuk", "Rp",
                      "Daftar"):
        assert furniture not in prepared.body


def test_a_short_page_flattened_with_its_title_and_date_line_gets_its_own_paragraphs() -> None:
    raw = html_raw("<main><h1>Jembatan Gantung Diperbaiki</h1><span class=\"tgl\">Rabu, 15 Mei 2024 08:00 WITA</span>"
                   "<p>Warga desa memperbaiki jembatan gantung.</p><p>Perbaikan selesai dalam sepekan.</p></main>")
    prepared = prepare(raw)
    assert paragraphs(prepared.body) == ["Warga desa memperbaiki jembatan gantung.", "Perbaikan selesai dalam sepekan."]
    assert prepared.title == "Jembatan Gantung Diperbaiki"
    assert not prepared.paywalled


def test_json_ld_that_says_the_article_is_not_free_marks_it_paywalled() -> None:
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Bantuan Beras",'
            ' "isAccessibleForFree": "False"}</script>')
    extracted = extract_html(html_raw("<article>" + "".join(f"<p>{text}</p>" for text in STORY) + "</article>", head))
    assert extracted.paywalled
    assert paragraphs(extracted.text) == STORY


def test_a_full_article_with_a_newsletter_box_is_not_paywalled() -> None:
    body = ("<article>" + "".join(f"<p>{text}</p>" for text in STORY) + "</article>"
            '<div class="newsletter-subscribe"><p>Daftar buletin harian kami.</p></div>')
    extracted = extract_html(html_raw(body))
    assert not extracted.paywalled
    assert paragraphs(extracted.text) == STORY


def test_a_title_suffix_is_kept_for_describing_to_read_the_outlet() -> None:
    raw = html_raw("<article><h1>Bantuan Beras</h1>" + "".join(f"<p>{text}</p>" for text in STORY) + "</article>",
                   head="<title>Bantuan Beras | Tribun Jogja</title>")
    assert extract_html(raw).meta["title"] == "Bantuan Beras | Tribun Jogja"


def _page(extra_head: str, before: str, after: str = "") -> RawDocument:
    paragraphs_html = "".join(f"<p>{text}</p>" for text in STORY)
    return html_raw(f"<article><h1>Beras untuk Korban Banjir Kali Code</h1>{before}{paragraphs_html}{after}</article>"
                    "<footer>Hak cipta &copy; 2024 Kabar Sleman. Dilarang mengutip tanpa izin.</footer>", extra_head)


@pytest.mark.parametrize("credit", [
    '<div class="author-box">Reporter: Galih Pratama | Editor: Sri Wahyuni</div>',
    '<div class="credit"><h6>Penulis</h6> <a href="#">Galih Pratama</a></div>'
    '<div class="credit"><h6>Editor</h6> <a href="#">Sri Wahyuni</a></div>',
    '<p class="byline">Galih Pratama - kumparanNEWS</p>',
])
def test_a_credit_block_names_the_reporter_before_a_corporate_meta_author(credit: str) -> None:
    article = prepare(_page('<meta name="author" content="Redaksi Kabar Sleman">', credit))
    assert article.author == "Galih Pratama"


@pytest.mark.parametrize("caption", [
    "<figure><img src='a.jpg'><figcaption>Warga antre beras di balai desa. ANTARA FOTO/Andreas Fitri/wsj."
    "</figcaption></figure>",
    "<div class='foto'><img src='a.jpg'><span class='img-caption'>Warga antre beras di balai desa. "
    "KABARSLEMAN.id/Galih</span></div>",
])
def test_a_pages_photo_caption_is_kept_apart_from_the_story(caption: str) -> None:
    article = prepare(_page("", caption))
    assert article.captions and article.captions[0].startswith("Warga antre beras di balai desa.")
    assert "antre" not in article.body and paragraphs(article.body) == STORY


def test_the_footer_copyright_holder_names_an_outlet_nothing_else_names() -> None:
    article = prepare(_page("", ""))
    assert article.source_name == "Kabar Sleman"
