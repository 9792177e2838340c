"""Reading files, folders, stdin, URLs and feeds into RawDocuments; every failure is a ReadError."""

import contextlib
import io
import json
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from articles.ingest import read
from articles.ingest.document import RawDocument, ReadError
from articles.ingest.prepare import prepare
from articles.ingest.read import decode, iter_documents, sniff_format

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "samples"
SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"
# The product owner keeps ../shared beside the checkout; the test is skipped where it is absent.
INDOSUM = Path(__file__).resolve().parents[3] / "shared" / "data" / "news" / "indosum-dev" / "articles.jsonl"

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>t</title>
<item><title>&lol3;</title><description>&lol3;</description></item></channel></rss>"""


def documents(target: str, fmt: str = "auto", **kwargs) -> list[RawDocument]:
    found = list(iter_documents(target, fmt, **kwargs))
    assert all(isinstance(item, RawDocument) for item in found), found
    return found  # type: ignore[return-value]  # checked just above


def errors(target: str, fmt: str = "auto", **kwargs) -> list[ReadError]:
    return [item for item in iter_documents(target, fmt, **kwargs) if isinstance(item, ReadError)]


class Handler(BaseHTTPRequestHandler):
    """Serves the samples and a few misbehaving endpoints."""

    def do_GET(self) -> None:
        routes = {
            "/article": (200, "text/html; charset=utf-8", (SAMPLES / "article.html").read_bytes()),
            "/feed": (200, "application/rss+xml", (SAMPLES / "feed.rss").read_bytes()),
            "/error": (500, "text/plain", b"boom"),
            "/big": (200, "text/plain", b"a" * (read.MAX_BYTES + 10)),
        }
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(1.0)
            self._send(200, "text/plain", b"late")
        elif self.path == "/agent":
            self._send(200, "text/plain", ("Agen: " + self.headers["User-Agent"] + " " * 40).encode())
        else:
            self._send(*routes.get(self.path, (404, "text/plain", b"missing")))

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The client may give up (timeout, size cap): that is what some tests check.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_it_reads_a_plain_text_seed_as_one_document() -> None:
    [document] = documents(str(SEEDS / "002_fa85f88da078d27e.txt"))
    assert document.format == "txt"
    assert document.text.startswith("NATO Akan Kirim Lebih Banyak Pasukan")


def test_it_reads_folders_recursively_in_sorted_order_skipping_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Dua paragraf berita di sini.")
    (tmp_path / "1.txt").write_text("Satu paragraf berita di sini.")
    (tmp_path / ".hidden.txt").write_text("Tersembunyi.")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text("Tidak dibaca.")
    found = documents(str(tmp_path))
    assert [Path(item.origin).name for item in found] == ["1.txt", "2.txt"]


def test_it_reads_all_five_seeds_from_the_seed_folder() -> None:
    assert len(documents(str(SEEDS))) == 5


def test_it_reads_stdin_when_the_target_is_a_dash() -> None:
    [document] = documents("-", stdin=io.BytesIO(b"Berita dari stdin.\n"))
    assert document.origin == "<stdin>"
    assert document.text.strip() == "Berita dari stdin."


def test_it_reads_html_pages_keeping_the_markup_for_extraction() -> None:
    [document] = documents(str(SAMPLES / "article.html"))
    assert document.format == "html"
    assert "<article" in document.html


def test_it_reads_json_lines_with_common_field_names() -> None:
    found = list(iter_documents(str(SAMPLES / "articles.jsonl")))
    first, second, third = found[:3]
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument) and isinstance(third, RawDocument)
    assert first.meta["title"] == "Bandara Ngurah Rai Layani 20.000 Penumpang Sehari"
    assert first.meta["author"] == "Oleh: Komang Adi"
    assert first.url == "https://www.wartadewata.id/bali/bandara-ngurah-rai"
    assert second.meta["source"] == "antaranews" and second.meta["published"] == "5 September 2022"
    assert third.meta["published"] == "2022-07-22" and third.url == "https://surabaya.example/kla"


def test_a_bad_json_line_is_reported_with_its_line_number_and_the_other_lines_still_load() -> None:
    found = list(iter_documents(str(SAMPLES / "articles.jsonl")))
    assert sum(isinstance(item, RawDocument) for item in found) == 3
    bad = [str(item) for item in found if isinstance(item, ReadError)]
    assert bad[0].startswith(f"{SAMPLES / 'articles.jsonl'}:line 4: invalid JSON")
    assert bad[1] == f"{SAMPLES / 'articles.jsonl'}:line 5: {read.NO_BODY}"


@pytest.mark.skipif(not INDOSUM.exists(), reason="IndoSum sample not available")
def test_it_loads_indosum_as_is() -> None:
    found = list(iter_documents(str(INDOSUM)))
    assert len(found) == 3463
    assert all(isinstance(item, RawDocument) for item in found)
    first = found[0]
    assert isinstance(first, RawDocument)
    assert first.meta["source"] == "kumparan" and first.meta["reference_date"] == "2017-03-28"
    assert "title" not in first.meta and "\n\n" in first.text


def test_it_reads_rss_entries_as_documents() -> None:
    found = documents(str(SAMPLES / "feed.rss"))
    assert [item.meta["title"] for item in found] == [
        "DPR Setujui RUU Perlindungan Data Pribadi Jadi Undang-Undang",
        "Harga Beras Medium Naik di Sejumlah Daerah",
        "Timnas U-20 Tiba di Surabaya",
    ]
    first = found[0]
    assert first.format == "feed" and first.origin.endswith("feed.rss#entry 1")
    assert first.url == "https://www.wartadewata.id/nasional/2022/09/ruu-pdp-disahkan"
    assert first.meta["author"] == "Bagus Prasetyo" and first.meta["published"].startswith("Tue, 20 Sep 2022")
    assert first.text.startswith("JAKARTA, WARTADEWATA.id – Rapat paripurna")
    assert "<p>" not in first.text and "\n\n" in first.text


def test_it_reads_atom_entries_as_documents() -> None:
    first, second = documents(str(SAMPLES / "feed.atom"))
    assert first.meta["published"] == "2022-10-12T09:30:00+07:00"
    assert first.url == "https://kabarsains.example/2022/10/anggrek-baru"
    assert second.text.startswith("Gerhana bulan total")


def test_it_refuses_a_feed_with_entity_expansion(tmp_path: Path) -> None:
    path = tmp_path / "bom.rss"
    path.write_bytes(BILLION_LAUGHS)
    assert [str(error) for error in errors(str(path))] == [f"{path}: {read.UNSAFE_FEED}"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("cp1252.txt", "naik – petani menyebutnya “berkah” bagi koperasi"),
        ("bom.txt", "Pasar Badung kembali ramai"),
        ("mojibake.txt", "CakapCakap – Pemerintah Kota Denpasar meluncurkan aplikasi “Denpasar Prama Sewaka”"),
    ],
)
def test_it_decodes_and_repairs_legacy_encodings(name: str, expected: str) -> None:
    [document] = documents(str(SAMPLES / name))
    assert expected in document.text
    assert not document.text.startswith("\ufeff")


def test_decode_never_raises_on_arbitrary_bytes() -> None:
    assert isinstance(decode(bytes(range(256)) * 4), str)
    assert decode("Café".encode("latin-1")) == "Café"
    assert decode("Ruas – “wajib”".encode("utf-16")) == "Ruas – “wajib”"


def test_it_reports_a_missing_file() -> None:
    [error] = errors("/nonexistent/berita.txt")
    assert str(error) == "/nonexistent/berita.txt: No such file or directory"


def test_it_reports_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "kosong.txt"
    path.write_bytes(b" \n\n")
    assert [error.reason for error in errors(str(path))] == [read.EMPTY]


def test_it_reports_binary_junk(tmp_path: Path) -> None:
    path = tmp_path / "foto.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 8)
    assert [error.reason for error in errors(str(path))] == [read.BINARY]


def test_it_reports_an_unknown_format() -> None:
    [error] = errors(str(SAMPLES / "bom.txt"), "pdf")
    assert "unknown format 'pdf'" in error.reason


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("x", b"<?xml version='1.0'?><rss>", "feed"),
        ("x", b"\n<feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
        ("x", b"<!DOCTYPE html><html>", "html"),
        ("x", b'{"title": "a"}\n{"title": "b"}', "jsonl"),
        ("a.html", b"Teks biasa", "html"),
        ("a.txt", b"Teks biasa", "txt"),
        ("a", b"\x00\x01\x02binary", "binary"),
    ],
)
def test_it_sniffs_the_format_from_content_then_name(name: str, data: bytes, expected: str) -> None:
    assert sniff_format(name, data) == expected


def test_it_fetches_an_html_page_over_http(server: str) -> None:
    [document] = documents(f"{server}/article")
    assert document.format == "html" and document.url == f"{server}/article"
    assert "Gubernur Bali" in document.html


def test_it_fetches_a_feed_over_http(server: str) -> None:
    assert len(documents(f"{server}/feed")) == 3


def test_it_sends_a_clear_user_agent(server: str) -> None:
    [document] = documents(f"{server}/agent")
    assert read.USER_AGENT in document.text


def test_it_reports_a_server_error(server: str) -> None:
    [error] = errors(f"{server}/error")
    assert error.reason.startswith("HTTP 500")


def test_it_reports_a_timeout(server: str) -> None:
    [error] = errors(f"{server}/slow", timeout=0.2)
    assert "timed out" in error.reason


def test_it_reports_a_redirect_loop(server: str) -> None:
    [error] = errors(f"{server}/loop")
    assert error.reason.startswith("HTTP 302")


def test_it_refuses_a_response_over_the_size_cap(server: str) -> None:
    [error] = errors(f"{server}/big")
    assert error.reason == read.TOO_LARGE


def test_it_reports_a_refused_connection() -> None:
    [error] = errors("http://127.0.0.1:9/")
    assert error.reason.startswith("cannot fetch")


# JSON lines: split at "\n" only, parsed, then repaired per field; streamed record by record.

LINE_BREAKS_INSIDE_STRINGS = ["\u2028", "\u2029", "\u0085", "\x1c", "\x1d", "\x1e", "\x0b", "\x0c"]


def jsonl_bytes(*records: dict) -> bytes:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records).encode("utf-8")


@pytest.mark.parametrize("separator", LINE_BREAKS_INSIDE_STRINGS, ids=lambda char: f"U+{ord(char):04X}")
def test_a_raw_line_separator_inside_a_json_string_stays_in_its_record(tmp_path: Path, separator: str) -> None:
    path = tmp_path / "berita.jsonl"
    path.write_bytes(jsonl_bytes(
        {"title": "Sebelum", "content": "Rapat dimulai pagi hari."},
        {"title": f"Jembatan{separator}Gantung", "content": f"Warga memperbaiki jembatan.{separator}Perbaikan selesai"
                                                             " dalam sepekan.", "date": "2023-02-14"},
        {"title": "Sesudah", "content": "Harga cabai turun."},
    ))
    before, middle, after = documents(str(path))
    assert (before.meta["title"], after.meta["title"]) == ("Sebelum", "Sesudah")
    assert middle.origin.endswith(":line 2") and after.origin.endswith(":line 3")
    assert "Warga memperbaiki jembatan." in middle.text and "Perbaikan selesai dalam sepekan." in middle.text
    if separator in "\u2028\u2029\u0085":
        assert separator not in middle.text and "…" not in middle.text  # at most a line break is left of it
    assert middle.meta["published"] == "2023-02-14"


def test_text_repair_runs_on_each_field_after_parsing(tmp_path: Path) -> None:
    path = tmp_path / "mojibake.jsonl"
    # Mojibake written raw and as JSON escapes: both only appear once the line is parsed.
    path.write_bytes('{"title": "Harga \\u00e2\\u0080\\u009cnaik\\u00e2\\u0080\\u009d", '
                     '"body": "Petani menyebutnya â€œberkahâ€ bagi koperasi\u2028lanjut."}\n'.encode("utf-8"))
    [document] = documents(str(path))
    assert document.meta["title"] == "Harga “naik”"
    assert "Petani menyebutnya “berkah" in document.text and "\u2028" not in document.text


@pytest.mark.parametrize(("value", "expected"), [
    ("Satu.\u0085Dua.", "Satu.\nDua."),
    ("kata \u0093kutip\u0094 lalu\u0085", "kata “kutip” lalu…"),
    ("\u00c3\u0085land", "Åland"),
], ids=["line-break", "among-c1-mojibake", "utf8-pair"])
def test_a_lone_u0085_is_a_line_break_but_c1_mojibake_is_still_repaired(value: str, expected: str) -> None:
    assert decode(value.encode("utf-8")) == expected


def test_a_json_line_in_windows_1252_is_decoded_on_its_own(tmp_path: Path) -> None:
    path = tmp_path / "campur.jsonl"
    path.write_bytes(jsonl_bytes({"title": "Satu", "text": "Teks UTF-8 – biasa."})
                     + '{"title": "Dua", "text": "naik – petani menyebutnya “berkah”"}\r\n'.encode("cp1252"))
    first, second = documents(str(path))
    assert first.text == "Teks UTF-8 – biasa."
    assert second.text == "naik – petani menyebutnya “berkah”"


def test_utf16_json_lines_are_still_read(tmp_path: Path) -> None:
    path = tmp_path / "utf16.jsonl"
    path.write_bytes(jsonl_bytes({"title": "Satu", "text": "Isi\u2028satu."},
                                 {"title": "Dua", "text": "Isi dua."}).decode().encode("utf-16"))
    first, second = documents(str(path))
    assert "Isi" in first.text and "satu." in first.text and second.meta["title"] == "Dua"


def test_an_empty_json_lines_file_is_reported_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "kosong.jsonl"
    path.write_bytes(b"\n \n")
    assert [error.reason for error in errors(str(path))] == [read.EMPTY]


def test_an_overlong_json_line_fails_alone_and_the_next_lines_still_load(tmp_path: Path) -> None:
    path = tmp_path / "raksasa.jsonl"
    giant = json.dumps({"title": "Raksasa", "text": "kata " * (read.MAX_BYTES // 5)}).encode()
    path.write_bytes(jsonl_bytes({"text": "Baris pertama."}) + giant + b"\n" + jsonl_bytes({"text": "Baris ketiga."}))
    found = list(iter_documents(str(path)))
    assert [str(item) if isinstance(item, ReadError) else item.text for item in found] == [
        "Baris pertama.", f"{path}:line 2: {read.TOO_LARGE}", "Baris ketiga."]


def test_json_lines_are_streamed_one_record_at_a_time() -> None:
    records = [{"title": f"Berita {number}", "text": "Isi berita yang cukup panjang. " * 20} for number in range(2000)]
    stream = io.BytesIO(jsonl_bytes(*records))
    found = iter_documents("-", stdin=stream)
    first = next(found)
    assert isinstance(first, RawDocument) and first.meta["title"] == "Berita 0"
    assert stream.tell() < len(stream.getvalue()) // 100  # the rest is still unread
    assert sum(1 for _ in found) == 1999


# Feeds: escaped CDATA, markup in titles, dates that are no dates, channel titles with a section.

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>{channel}</title><link>{link}</link>{items}</channel></rss>"""
RSS_ITEM = "<item><title>{title}</title><link>https://contoh.id/{number}</link>{date}" \
           "<description>{description}</description></item>"
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{channel}</title><link href="{link}"/>{items}</feed>"""
ATOM_ENTRY = '<entry><title type="{title_type}">{title}</title><link href="https://contoh.id/{number}"/>{date}' \
             "{body}</entry>"


def feed_documents(tmp_path: Path, xml: str) -> list[RawDocument]:
    path = tmp_path / "feed.xml"
    path.write_text(xml, encoding="utf-8")
    return documents(str(path))


def rss(tmp_path: Path, *items: dict[str, str], channel: str = "Contoh", link: str = "") -> list[RawDocument]:
    rendered = "".join(RSS_ITEM.format(number=number, **{"title": "Judul", "date": "", **item})
                       for number, item in enumerate(items))
    return feed_documents(tmp_path, RSS.format(channel=channel, link=link, items=rendered))


def atom(tmp_path: Path, *entries: dict[str, str], channel: str = "Contoh", link: str = "") -> list[RawDocument]:
    rendered = "".join(ATOM_ENTRY.format(number=number, **{"title": "Judul", "title_type": "text", "date": "",
                                                           **entry})
                       for number, entry in enumerate(entries))
    return feed_documents(tmp_path, ATOM.format(channel=channel, link=link, items=rendered))


ESCAPED = "&lt;![CDATA[Banjir rob merendam &lt;b&gt;Pekalongan&lt;/b&gt; sejak pagi.]]&gt;"
DOUBLE_ESCAPED = "&amp;lt;![CDATA[Banjir rob merendam Pekalongan sejak pagi.]]&amp;gt;"


@pytest.mark.parametrize("description", [ESCAPED, DOUBLE_ESCAPED, "&lt;![CDATA[Banjir rob merendam Pekalongan"
                                         " sejak pagi."], ids=["escaped", "double-escaped", "unclosed"])
def test_an_escaped_cdata_rss_description_is_read_as_its_text(tmp_path: Path, description: str) -> None:
    [document] = rss(tmp_path, {"description": description})
    assert document.text == "Banjir rob merendam Pekalongan sejak pagi."


@pytest.mark.parametrize("body", [
    f'<summary type="html">{ESCAPED}</summary>',
    f'<summary type="text">{ESCAPED.replace("&lt;b&gt;", "").replace("&lt;/b&gt;", "")}</summary>',
    f'<content type="html">{ESCAPED}</content>',
    '<content type="html">&lt;![CDATA[&lt;p&gt;Banjir rob merendam Pekalongan sejak pagi.&lt;/p&gt;'
    "&lt;script&gt;alert(1)&lt;/script&gt;]]&gt;</content>",
], ids=["summary-html", "summary-text", "content-html", "content-paragraphs"])
def test_an_escaped_cdata_atom_summary_or_content_is_read_as_its_text(tmp_path: Path, body: str) -> None:
    [document] = atom(tmp_path, {"body": body})
    assert document.text == "Banjir rob merendam Pekalongan sejak pagi."


def test_an_escaped_cdata_summary_beside_content_is_unwrapped_too(tmp_path: Path) -> None:
    [document] = atom(tmp_path, {"body": f'<summary type="html">{ESCAPED}</summary>'
                                         '<content type="html">&lt;p&gt;Isi lengkap.&lt;/p&gt;</content>'})
    assert document.text == "Isi lengkap."
    assert document.meta["summary"] == "Banjir rob merendam Pekalongan sejak pagi."


@pytest.mark.parametrize(("title", "expected"), [
    ("&lt;b&gt;BREAKING&lt;/b&gt; Jalan Cianjur-Puncak Ditutup", "BREAKING Jalan Cianjur-Puncak Ditutup"),
    ("&lt;span class='label'&gt;VIDEO:&lt;/span&gt;&lt;br/&gt;Banjir &lt;i&gt;Rob&lt;/i&gt;", "VIDEO: Banjir Rob"),
    ("&amp;lt;strong&amp;gt;EKSKLUSIF&amp;lt;/strong&amp;gt; Wawancara", "EKSKLUSIF Wawancara"),
    ("&lt;![CDATA[Harga Cabai &amp;amp; Bawang Naik]]&gt;", "Harga Cabai & Bawang Naik"),
    ("Harga &lt; Rp 10.000 Bertahan", "Harga < Rp 10.000 Bertahan"),
], ids=["bold", "span-br", "double-escaped", "cdata", "less-than"])
def test_rss_titles_lose_their_markup_and_keep_their_words(tmp_path: Path, title: str, expected: str) -> None:
    [document] = rss(tmp_path, {"title": title, "description": "Isi berita."})
    assert document.meta["title"] == expected


@pytest.mark.parametrize(("title_type", "title"), [
    ("html", "&lt;em&gt;TERKINI&lt;/em&gt; Gempa Guncang Garut"),
    ("text", "&lt;em&gt;TERKINI&lt;/em&gt; Gempa Guncang Garut"),
    ("xhtml", '<div xmlns="http://www.w3.org/1999/xhtml"><em>TERKINI</em> Gempa Guncang Garut</div>'),
])
def test_atom_titles_lose_their_markup_whatever_their_type(tmp_path: Path, title_type: str, title: str) -> None:
    [document] = atom(tmp_path, {"title": title, "title_type": title_type,
                                 "body": '<summary type="text">Isi berita.</summary>'})
    assert document.meta["title"] == "TERKINI Gempa Guncang Garut"


def test_feed_text_resolves_entities_and_drops_scripts(tmp_path: Path) -> None:
    [plain, scripted] = rss(tmp_path, {"description": "Tom &amp;amp; Jerry tayang lagi."},
                            {"description": "&lt;p&gt;Isi.&lt;/p&gt;&lt;script&gt;steal()&lt;/script&gt;"
                                           "&lt;style&gt;p {}&lt;/style&gt;"})
    assert plain.text == "Tom & Jerry tayang lagi."
    assert scripted.text == "Isi."


@pytest.mark.parametrize("date", ["<pubDate>kemarin sore</pubDate>", "<pubDate>Mon, 45 Foo 2022 99:99 WIB</pubDate>",
                                  "<pubDate></pubDate>", "<pubDate>0000-00-00 00:00:00</pubDate>", ""],
                         ids=["relative", "garbage", "empty", "zeros", "missing"])
def test_an_invalid_or_missing_rss_date_gives_no_date(tmp_path: Path, date: str) -> None:
    [document] = rss(tmp_path, {"date": date, "description": "Warga bergotong royong memperbaiki jalan desa."})
    assert prepare(document).published is None


@pytest.mark.parametrize("date", ["<updated>bukan tanggal</updated>", "<published>NaN</published>", ""],
                         ids=["garbage-updated", "garbage-published", "missing"])
def test_an_invalid_or_missing_atom_date_gives_no_date(tmp_path: Path, date: str) -> None:
    [document] = atom(tmp_path, {"date": date, "body": '<summary type="text">Warga memperbaiki jalan desa.</summary>'})
    assert prepare(document).published is None


@pytest.mark.parametrize(("date", "expected"), [
    ("<pubDate>Mon, 21 Nov 2022 13:21:00 WIB</pubDate>", "2022-11-21T13:21:00+07:00"),
    ("<pubDate>Mon, 21 Nov 2022 13:21:00 +0800</pubDate>", "2022-11-21T13:21:00+08:00"),
])
def test_a_valid_rss_date_keeps_its_time_and_zone(tmp_path: Path, date: str, expected: str) -> None:
    [document] = rss(tmp_path, {"date": date, "description": "Warga memperbaiki jalan desa."})
    assert prepare(document).published == datetime.fromisoformat(expected)


@pytest.mark.parametrize(("channel", "link", "expected"), [
    ("Contoh Berita - Nasional", "", "Contoh Berita"),
    ("Kabar X | Ekonomi", "", "Kabar X"),
    ("Warta Timur – Olahraga", "", "Warta Timur"),
    ("Suara Desa » Daerah", "", "Suara Desa"),
    ("Kabar X: Gaya Hidup", "", "Kabar X"),
    ("Nasional | Kompas.com", "", "Kompas.com"),
    ("Berita Terkini - ANTARA News", "https://www.antaranews.com/rss/terkini", "ANTARA News"),
    ("Tribun-Timur.com", "", "Tribun-Timur.com"),
    ("detikNews", "", "detikNews"),
])
def test_a_channel_title_with_a_section_gives_only_the_outlet(channel: str, link: str, expected: str) -> None:
    assert read.channel_outlet(channel, link) == expected


@pytest.mark.parametrize("make", [rss, atom])
def test_a_feed_entry_takes_the_outlet_part_of_its_channel_title(tmp_path: Path, make) -> None:
    entry = {"description": "Isi berita."} if make is rss else {"body": '<summary type="text">Isi.</summary>'}
    [document] = make(tmp_path, entry, channel="Contoh Berita - Nasional", link="https://contoh-berita.id/")
    assert document.meta["source"] == "Contoh Berita"
