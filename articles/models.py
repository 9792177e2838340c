"""Telusur's data: outlets, articles, the entities they mention, and the record of each ingest."""

from datetime import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.zones import zone_for_offset


class Source(models.Model):
    """A news outlet, created on first sight and curated by editors."""

    name = models.CharField(_("nama"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    domain = models.CharField(_("domain"), max_length=200, blank=True)
    aliases = ArrayField(
        models.CharField(max_length=200), verbose_name=_("nama lain"), default=list, blank=True,
        help_text=_("Ejaan lain nama media ini di teks berita, dipisah koma: kata kanal (detikNews), "
                    "kredit atau baris tanggal (KOMPAS.com)."),
    )
    boilerplate_rules = models.TextField(
        _("aturan boilerplate"),
        blank=True,
        help_text=_("Satu ekspresi reguler per baris; baris yang cocok dibuang dari artikel sumber ini."),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sumber")
        verbose_name_plural = _("sumber")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("source", args=[self.slug])

    def rule_list(self) -> list[str]:
        return [line.strip() for line in self.boilerplate_rules.splitlines() if line.strip()]


class PublishedPrecision(models.TextChoices):
    """How much of an article's publication time the input gave (the values of articles.ingest.dates)."""

    MINUTE = "minute", _("tanggal dan jam")
    DATE = "date", _("tanggal saja")


class Article(models.Model):
    """One news article: cleaned body plus the metadata described from it."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="articles", verbose_name=_("sumber"))
    title = models.CharField(_("judul"), max_length=500)
    slug = models.SlugField(_("slug"), max_length=200)
    url = models.URLField(_("URL asli"), max_length=1000, blank=True, db_index=True)
    author = models.CharField(_("penulis"), max_length=300, blank=True)
    dateline = models.CharField(_("tempat berita"), max_length=100, blank=True)
    # The known place the dateline names, linked when mentions are stored (entities.extract.mentions_store).
    dateline_entity = models.ForeignKey("Entity", on_delete=models.SET_NULL, null=True, blank=True, editable=False,
                                        related_name="datelined_articles", verbose_name=_("tempat berita (entitas)"))
    agency = models.CharField(_("kantor berita"), max_length=100, blank=True)
    published = models.DateTimeField(_("terbit"), null=True, blank=True, db_index=True)
    # A date-only article is stored at local midnight; the precision says that its time means nothing.
    published_precision = models.CharField(_("ketelitian waktu terbit"), max_length=6, blank=True,
                                           choices=PublishedPrecision.choices)
    # PostgreSQL keeps the instant only: the offset the outlet printed (WITA: 480) shows it on the outlet's day.
    published_offset = models.SmallIntegerField(_("selisih UTC waktu terbit (menit)"), null=True, blank=True)
    paywalled = models.BooleanField(
        _("berbayar"), default=False,
        help_text=_("Halaman aslinya hanya menampilkan cuplikan; sisanya untuk pelanggan."),
    )
    body = models.TextField(_("isi"))
    raw_text = models.TextField(_("teks mentah"), blank=True)
    removed_lines = models.JSONField(_("baris yang dibuang"), default=list, blank=True)
    # Photo captions and credits: out of the story, shown apart and searchable at low weight.
    captions = ArrayField(models.TextField(), verbose_name=_("keterangan foto"), default=list, blank=True)
    content_hash = models.CharField(_("hash isi"), max_length=64, unique=True)
    cluster = models.ForeignKey(
        "StoryCluster", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles",
        verbose_name=_("kelompok berita"),
    )
    minhash = models.BinaryField(_("tanda MinHash"), null=True, blank=True, editable=False)
    ingested_at = models.DateTimeField(_("diambil"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    # Fields an editor corrected by hand: re-cleaning and re-ingesting keep them unless told otherwise.
    edited_fields = models.JSONField(_("diedit tangan"), default=list, blank=True, editable=False)
    # Cleaning removed most of the input (see clean.MOSTLY_REMOVED_SHARE): kept, but counted in the source's health.
    mostly_removed = models.BooleanField(
        _("sebagian besar dibuang"), default=False, editable=False,
        help_text=_("Pembersihan membuang sebagian besar teks masukannya; periksa laporan pembersihan."),
    )
    reviewed = models.BooleanField(_("sudah diperiksa"), default=False)

    class Meta:
        ordering = [models.F("published").desc(nulls_last=True), "-id"]
        verbose_name = _("artikel")
        verbose_name_plural = _("artikel")
        indexes = [models.Index(fields=["source", "-published"]),
                   models.Index(fields=["source", "ingested_at"], name="article_source_ingested"),
                   # The admin's search over bodies: words as written, no stemming (editors look for exact words).
                   GinIndex(SearchVector("body", config="simple"), name="article_body_words")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("article", args=[self.pk, self.slug or "-"])

    def published_local(self) -> datetime | None:
        """`published` in the zone the outlet printed it in (WIB when not known), or None without a date."""
        return self.published.astimezone(zone_for_offset(self.published_offset)) if self.published else None


class ArticleRevision(models.Model):
    """One overwritten field of an article with its old value: by an editor, a re-clean or a re-ingest."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions",
                                verbose_name=_("artikel"))
    field = models.CharField(_("kolom"), max_length=50)
    old_value = models.TextField(_("nilai lama"), blank=True)
    new_value = models.TextField(_("nilai baru"), blank=True)
    by = models.CharField(_("oleh"), max_length=200)
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("riwayat isi")
        verbose_name_plural = _("riwayat isi")

    def __str__(self) -> str:
        return f"{self.article_id}.{self.field} ({self.by})"


class StoryCluster(models.Model):
    """Near-duplicate articles: the same story republished by several outlets."""

    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("kelompok berita")
        verbose_name_plural = _("kelompok berita")

    def __str__(self) -> str:
        return f"#{self.pk}"


class ArticleBand(models.Model):
    """One LSH band of an article's MinHash: articles sharing a band value are near-duplicate candidates."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bands")
    band = models.PositiveSmallIntegerField()
    value = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["band", "value"])]

    def __str__(self) -> str:
        return f"{self.article_id}:{self.band}"


class EntityType(models.TextChoices):
    PERSON = "person", _("Orang")
    ORGANIZATION = "organization", _("Organisasi")
    LOCATION = "location", _("Tempat")
    MISC = "misc", _("Lainnya")


class Entity(models.Model):
    """A canonical person, organisation, place or other named thing."""

    name = models.CharField(_("nama"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=300, unique=True)
    type = models.CharField(_("jenis"), max_length=20, choices=EntityType.choices, db_index=True)
    hidden = models.BooleanField(_("disembunyikan"), default=False)
    # The review queue: entities ingest created that no editor has looked at yet.
    reviewed = models.BooleanField(_("sudah diperiksa"), default=False, db_index=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("entitas")
        verbose_name_plural = _("entitas")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("entity", args=[self.slug])


class EntitySlug(models.Model):
    """An earlier address of an entity (before a rename, or of an entity merged into it): it redirects here."""

    slug = models.SlugField(_("slug lama"), max_length=300, unique=True)
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="old_slugs", verbose_name=_("entitas"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("slug lama")
        verbose_name_plural = _("slug lama")

    def __str__(self) -> str:
        return f"{self.slug} -> {self.entity_id}"


class Alias(models.Model):
    """Another written form of an entity; a blocked alias is never recognised again."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("entitas"))
    name = models.CharField(_("nama"), max_length=300)
    blocked = models.BooleanField(_("diblokir"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("alias")
        verbose_name_plural = _("alias")
        constraints = [models.UniqueConstraint(fields=["entity", "name"], name="alias_unique_per_entity")]

    def __str__(self) -> str:
        return self.name


class Mention(models.Model):
    """An entity named in an article, as character offsets into `Article.body`."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("artikel"))
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("entitas"))
    start = models.PositiveIntegerField(_("awal"))
    end = models.PositiveIntegerField(_("akhir"))
    text = models.CharField(_("tulisan"), max_length=300)

    class Meta:
        ordering = ["article", "start"]
        verbose_name = _("sebutan")
        verbose_name_plural = _("sebutan")
        indexes = [models.Index(fields=["entity", "article"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="mention_span_not_empty"),
            models.UniqueConstraint(fields=["article", "start"], name="mention_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.text} [{self.start}:{self.end}]"


class IngestRun(models.Model):
    """One `ingest` invocation: what it read, what landed, and how long it took."""

    started_at = models.DateTimeField(_("mulai"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    targets = models.TextField(_("masukan"), blank=True)
    ingested = models.PositiveIntegerField(_("baru"), default=0)
    duplicates = models.PositiveIntegerField(_("duplikat"), default=0)
    updated = models.PositiveIntegerField(_("diperbarui"), default=0)
    failed = models.PositiveIntegerField(_("gagal"), default=0)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("proses ingest")
        verbose_name_plural = _("proses ingest")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} · {self.summary()}"

    def summary(self) -> str:
        return (f"ingested {self.ingested}, duplicates {self.duplicates}, "
                f"updated {self.updated}, failed {self.failed}")


class IngestFailure(models.Model):
    """An input that could not be ingested, kept so an editor can see why and retry it (run: the latest try)."""

    run = models.ForeignKey(IngestRun, on_delete=models.CASCADE, related_name="failures",
                            verbose_name=_("proses ingest"))
    origin = models.CharField(_("asal"), max_length=1000)
    reason = models.TextField(_("alasan"))
    resolved = models.BooleanField(_("selesai"), default=False)
    # One open row per input: each retry that fails again updates it instead of adding another.
    attempts = models.PositiveIntegerField(_("percobaan"), default=1)
    last_tried = models.DateTimeField(_("terakhir dicoba"), default=timezone.now)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("kegagalan ingest")
        verbose_name_plural = _("kegagalan ingest")

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


INDEX_QUEUE_VERSIONS = "articles_indexqueue_version"


class IndexQueue(models.Model):
    """Articles whose search document must be rewritten; written in the same transaction as the change."""

    article_id = models.BigIntegerField(unique=True)
    enqueued_at = models.DateTimeField(auto_now_add=True)
    # Drawn afresh from a sequence on every enqueue, also of an id already queued: the writer deletes only the
    # rows whose version it indexed, so a change enqueued while a write is under way is indexed after it.
    version = models.BigIntegerField(db_default=models.Func(models.Value(INDEX_QUEUE_VERSIONS), function="nextval"))

    class Meta:
        verbose_name = _("antrean indeks")
        verbose_name_plural = _("antrean indeks")

    def __str__(self) -> str:
        return f"article {self.article_id}"


class ArticleSearchDocument(models.Model):
    """An article as PostgreSQL full-text search sees it (SEARCH_BACKEND=postgres).

    Telusur's own Indonesian analysis (Sastrawi stems, protected names, hyphen parts at their word's position)
    weighted title A, entities B, body C, captions D, then title and body as written with their stopwords (marked
    lexemes, see search/backends/postgres.py); written by the same index queue as Whoosh.
    """

    article = models.OneToOneField(Article, on_delete=models.CASCADE, primary_key=True, related_name="search_document")
    document = SearchVectorField()
    # The document without the words as written: what a query that does not ask for those matches and ranks on
    # (the same matches, and the same ts_rank_cd, which reads only the query's lexemes), from less than half the
    # bytes, kept in the row: a common word's search no longer decompresses the TOASTed document of each hit.
    ranked = SearchVectorField()
    # Copies of what filters and facets need, so a search reads this table alone (no joins per hit).
    source_id = models.BigIntegerField(null=True)
    published = models.DateTimeField(null=True)
    entity_ids = ArrayField(models.BigIntegerField(), default=list)  # visible (not hidden) entities mentioned
    entity_types = ArrayField(models.CharField(max_length=20), default=list)
    # An article with copies elsewhere: its cluster and place (articles.search.stories); search shows one per story.
    story_id = models.BigIntegerField(null=True)
    story_place = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [GinIndex(fields=["document"], name="article_search_document_gin"),
                   GinIndex(fields=["ranked"], name="article_search_ranked_gin"),
                   models.Index(fields=["source_id", "published"], name="article_search_source_date"),
                   models.Index(fields=["published"], name="article_search_date")]

    def __str__(self) -> str:
        return f"search document of article {self.article_id}"


class SearchTerm(models.Model):
    """A word as written in some PostgreSQL search document: the term list a `banj*` prefix expands from.

    Only ever added to (a word left by deleted articles just expands to nothing); "C" collation, so a prefix is
    a range of the primary key's index.
    """

    term = models.CharField(primary_key=True, max_length=100, db_collation="C")

    def __str__(self) -> str:
        return self.term


class ApiKey(models.Model):
    """A key that lifts the API's rate limit for a script or a partner. Only its SHA-256 is kept: the key itself
    is shown once, when an editor creates it (see articles/api_access.py)."""

    name = models.CharField(_("nama"), max_length=200, help_text=_("Untuk siapa atau untuk apa kunci ini."))
    prefix = models.CharField(_("awalan"), max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False,
                                   related_name="+", verbose_name=_("dibuat oleh"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, editable=False)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("kunci API")
        verbose_name_plural = _("kunci API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class FeedKind(models.TextChoices):
    FEED = "feed", _("RSS/Atom")
    SITEMAP = "sitemap", _("sitemap")


class Feed(models.Model):
    """An RSS/Atom feed or sitemap of a source, polled on its own schedule (see articles.ingest.polling).

    Polling state lives here: the validators for a conditional GET, when the next poll is due, and the
    consecutive failures that push it back. The health fields are written by each poll, so the admin list
    needs no query per feed.
    """

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="feeds", verbose_name=_("sumber"))
    url = models.URLField(_("URL feed"), max_length=1000, unique=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=FeedKind.choices, default=FeedKind.FEED)
    interval_minutes = models.PositiveIntegerField(
        _("selang (menit)"), default=30, validators=[MinValueValidator(1)],
        help_text=_("Seberapa sering feed ini diperiksa bila tidak sedang gagal."))
    active = models.BooleanField(_("aktif"), default=True)
    etag = models.CharField(_("ETag"), max_length=500, blank=True, editable=False)
    last_modified = models.CharField(_("Last-Modified"), max_length=100, blank=True, editable=False)
    next_poll_at = models.DateTimeField(_("periksa berikutnya"), default=timezone.now)
    failures = models.PositiveIntegerField(_("gagal berturut-turut"), default=0, editable=False)
    backoff_seconds = models.PositiveIntegerField(_("jeda setelah gagal (detik)"), default=0, editable=False)
    last_polled_at = models.DateTimeField(_("terakhir diperiksa"), null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(_("terakhir berhasil"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("galat terakhir"), blank=True, editable=False)
    last_error_at = models.DateTimeField(_("waktu galat terakhir"), null=True, blank=True, editable=False)
    # The newest item's time and the median gap between recent items: a feed quiet for three gaps is flagged.
    last_item_at = models.DateTimeField(_("butir terbaru"), null=True, blank=True, editable=False)
    usual_gap = models.DurationField(_("jarak biasa antarbutir"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["source__name", "url"]
        verbose_name = _("feed")
        verbose_name_plural = _("feed")
        indexes = [models.Index(fields=["active", "next_poll_at"], name="feed_due")]

    def __str__(self) -> str:
        return self.url


class FeedItem(models.Model):
    """An item a feed listed and Telusur stored (or found already stored): never fetched again.

    Known by its GUID within the feed, and across feeds by its URL, the page's canonical URL and the content
    hash of what was ingested.
    """

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="items", verbose_name=_("feed"))
    guid = models.CharField(_("GUID"), max_length=1000)
    url = models.CharField(_("URL"), max_length=1000, blank=True, db_index=True)
    canonical_url = models.CharField(_("URL kanonis"), max_length=1000, blank=True, db_index=True)
    content_hash = models.CharField(_("hash isi"), max_length=64, blank=True, db_index=True)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="feed_items",
                                verbose_name=_("artikel"))
    published = models.DateTimeField(_("terbit menurut feed"), null=True, blank=True)
    seen_at = models.DateTimeField(_("dilihat"), default=timezone.now)

    class Meta:
        verbose_name = _("butir feed")
        verbose_name_plural = _("butir feed")
        constraints = [models.UniqueConstraint(fields=["feed", "guid"], name="feed_item_unique_guid")]
        indexes = [models.Index(fields=["feed", "seen_at"])]

    def __str__(self) -> str:
        return self.guid


class DigestFrequency(models.TextChoices):
    """How often a saved search's new matches are e-mailed (OFF: saved without e-mail, or unsubscribed)."""

    HOURLY = "hourly", _("tiap jam")
    DAILY = "daily", _("tiap hari")
    OFF = "off", _("tanpa e-mail")


class SavedSearch(models.Model):
    """A search a signed-in user keeps under a name, with an optional e-mail digest of its new matches."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches",
                             verbose_name=_("pengguna"))
    name = models.CharField(_("nama"), max_length=200)
    # The search page's parameters as a query string, validated again by SearchForm whenever it runs.
    query = models.CharField(_("parameter pencarian"), max_length=2000, blank=True)
    digest = models.CharField(_("ringkasan e-mail"), max_length=10, choices=DigestFrequency.choices,
                              default=DigestFrequency.DAILY)
    # The interface language when it was saved: its digests are written in it.
    language = models.CharField(_("bahasa"), max_length=10, default="id")
    # Only articles ingested after this count as new matches: the first digest is not the whole archive.
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    checked_at = models.DateTimeField(_("terakhir diperiksa"), default=timezone.now)
    last_sent_at = models.DateTimeField(_("ringkasan terakhir"), null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("pencarian tersimpan")
        verbose_name_plural = _("pencarian tersimpan")
        indexes = [models.Index(fields=["digest", "checked_at"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('search')}?{self.query}" if self.query else reverse("search")


class DigestItem(models.Model):
    """An article a saved search's digest has sent: never sent again for that search."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="sent")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["saved_search", "article"], name="digest_item_once")]

    def __str__(self) -> str:
        return f"{self.saved_search_id}:{self.article_id}"
