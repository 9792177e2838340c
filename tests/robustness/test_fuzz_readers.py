"""Any bytes, in any format, end in articles or in clear `origin: reason` errors: never an exception.

Readers split bytes into documents; `prepare` cleans and describes each. Both run in the ingest workers, where an
exception costs a whole chunk a retry, so they must answer for any input. Bounded by the Hypothesis profile
(`make fuzz` runs the long one).
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.ingest.document import RawDocument, ReadError
from articles.ingest.prepare import prepare
from articles.ingest.read import FORMATS, documents_from_bytes

# Pieces of every format Telusur reads, and of the furniture and date lines cleaning and describing look for.
PIECES = [
    "<html>", "<head>", "<title>", "</title>", "<body>", "<article>", "<p>", "</p>", "<!--img.1-->", "<script>",
    "<rss version='2.0'><channel><title>X - Nasional</title><item><title>", "</title><description>",
    "&lt;![CDATA[", "]]&gt;", "<![CDATA[", "]]>", "</description></item></channel></rss>", "<feed xmlns=",
    '{"title": "', '", "content": "', '"}', '{"text": 1}', "\n", "\r\n", "\u2028", "\u2029", "\u0085", "\x00",
    "\ufeff", "Jakarta - ", "Larantuka (ANTARA) - ", "detikNews | ", "Jum'at, 8 Nop 2019 14.05 WITA",
    "Selasa (18/10)", "03/01/2023 10:15 WIB", "(Baca juga: ", ")", "ADVERTISEMENT", "[Gambas:Video CNN]",
    "Pilihan Editor: ", "Penulis : X, Kompas TV | Editor : Y", "RINA KARTIKA | ANTARA", ".,", ",",
    "(Foto: Instagram/@x)", "Berita ini telah tayang", "Presiden Joko Widodo menerima tamu di Istana Bogor. ",
]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=40).map("".join)
DATA = st.one_of(TEXT.map(lambda text: text.encode("utf-8", "surrogatepass")), st.binary(max_size=300))
NAMES = st.sampled_from(["x.txt", "x.html", "x.jsonl", "x.xml", "x.rss", "x", "-"])


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=DATA, name=NAMES, fmt=st.sampled_from(FORMATS))
def test_any_bytes_read_and_prepare_without_an_exception(data, name, fmt):
    for item in documents_from_bytes(name, data, fmt):
        assert isinstance(item, RawDocument | ReadError)
        if isinstance(item, ReadError):
            assert item.origin.startswith(name) and item.reason.strip()
            continue
        prepared = prepare(item)
        assert isinstance(prepared.body, str) and isinstance(prepared.title, str)
        assert "\x00" not in prepared.body
