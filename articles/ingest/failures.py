"""Ingest failures as editors keep them: one open row per input, updated by each retry, closed once it reads.

Reasons are recorded in Indonesian with what to do next; the command line keeps the readers' own messages.
"""

import re
from collections.abc import Iterable

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.ingest.analyse import INTERNAL_ERROR, NO_TEXT, WORKER_DIED
from articles.ingest.deadline import TOOK_TOO_LONG
from articles.ingest.prepare import TOO_MANY_WORDS
from articles.ingest.read import BINARY, EMPTY, NO_BODY, NO_ENTRIES, NOT_AN_OBJECT, TOO_LARGE, UNSAFE_FEED
from articles.ingest.sources import storable
from articles.models import IngestFailure, IngestRun

INVALID_JSON = re.compile(r"invalid JSON \((?P<detail>.*?)(?: at)? at column (?P<column>\d+)\)")
HTTP_ERROR = re.compile(r"HTTP (?P<status>\d+)")


def _pattern(template: str) -> re.Pattern:
    """A `str.format` template as a regular expression: each `{name}` or `{name:spec}` a named group."""
    parts = re.split(r"\{(\w+)(?::[^}]*)?\}", template)
    return re.compile("".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.*?)" for i, part in enumerate(parts)))


INTERNAL = _pattern(INTERNAL_ERROR)
STOPPED = _pattern(TOOK_TOO_LONG)
TOO_LONG = _pattern(TOO_MANY_WORDS)
DIED = _pattern(WORKER_DIED)


def _known() -> dict[str, str]:
    return {
        EMPTY: _("Masukan kosong. Periksa berkasnya, lalu coba lagi."),
        BINARY: _("Berisi data biner, bukan teks artikel. Pakai berkas teks, HTML, JSON Lines atau feed."),
        TOO_LARGE: _("Lebih besar dari batas ukuran. Pecah berkasnya menjadi beberapa bagian, lalu coba lagi."),
        NO_BODY: _("Tidak ada teks artikel (kolom body, text atau content). Tambahkan isinya, lalu coba lagi."),
        NOT_AN_OBJECT: _("Baris ini bukan objek JSON. Setiap baris harus satu objek {…}; perbaiki, lalu coba lagi."),
        UNSAFE_FEED: _("Feed memuat entitas XML atau rujukan luar dan ditolak demi keamanan. "
                       "Minta feed yang bersih dari penerbitnya."),
        NO_ENTRIES: _("Feed tidak berisi entri. Periksa alamat feed-nya, lalu coba lagi nanti."),
        NO_TEXT: _("Tidak ditemukan teks artikel. Periksa apakah halaman atau berkas itu memang berisi berita."),
    }


def failure_reason(reason: str) -> str:
    """A reader's or analyser's message as an editor reads it: in Indonesian, with what to do next."""
    known = _known().get(reason)
    if known:
        return known
    if match := INVALID_JSON.fullmatch(reason):
        return _("JSON tidak sah di kolom %(column)s (%(detail)s). Perbaiki baris itu, lalu coba lagi.") % {
            "column": match["column"], "detail": match["detail"]}
    if match := HTTP_ERROR.match(reason):
        return _("Server menjawab %(reason)s. Periksa alamatnya, lalu coba lagi nanti.") % {"reason": reason}
    if reason.startswith("cannot fetch"):
        return _("Alamat tidak bisa diambil (%(reason)s). Periksa alamat dan koneksi, lalu coba lagi.") % {
            "reason": reason.removeprefix("cannot fetch").strip(" ()")}
    if match := STOPPED.fullmatch(reason):
        return _("Analisisnya dihentikan setelah %(seconds)s detik. Periksa aturan pembersih sumbernya "
                 "atau pecah berkasnya, lalu coba lagi.") % {"seconds": match["seconds"]}
    if match := TOO_LONG.fullmatch(reason):
        words = match["max_words"].replace(",", ".")  # Indonesian groups thousands with a dot
        return _("Terlalu panjang untuk dianalisis (lebih dari %(words)s kata; INGEST_MAX_WORDS). "
                 "Pecah teksnya menjadi beberapa artikel, lalu coba lagi.") % {"words": words}
    if match := DIED.fullmatch(reason):
        return _("Proses yang menganalisisnya mati (kode keluar %(code)s). Laporkan ke pengembang; "
                 "masukan lain tetap diproses.") % {"code": match["code"]}
    if INTERNAL.fullmatch(reason):
        return _("Galat internal (%(reason)s). Laporkan ke pengembang; masukan lain tetap diproses.") % {
            "reason": reason}
    return _("%(reason)s. Periksa masukannya, lalu coba lagi.") % {"reason": reason.rstrip(".")}


def failure_record(*, run: IngestRun, origin: str, reason: str) -> IngestFailure:
    """Record that `origin` failed in `run`: its open row is updated (one row per input), else one is opened."""
    origin, reason = storable(origin, 1000), storable(failure_reason(reason))
    updated = IngestFailure.objects.filter(origin=origin, resolved=False).update(
        run=run, reason=reason, attempts=F("attempts") + 1, last_tried=timezone.now())
    if updated:
        return IngestFailure.objects.filter(origin=origin, resolved=False).latest("pk")
    return IngestFailure.objects.create(run=run, origin=origin, reason=reason)


def failures_close(*, origins: Iterable[str], still_failing: Iterable[str]) -> int:
    """Close the open rows of inputs that now read (`origins`), except those that failed again in this run."""
    closed = set(origins) - set(still_failing)
    return IngestFailure.objects.filter(resolved=False, origin__in=closed).update(resolved=True)


def failures_dismiss(*, failures: QuerySet[IngestFailure]) -> int:
    """Close open failures an editor decided not to retry; returns how many were open."""
    return failures.filter(resolved=False).update(resolved=True)
