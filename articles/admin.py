"""Editors' admin for sources, articles, entities and ingest runs."""

from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.tasks.exceptions import TaskResultDoesNotExist
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles import selectors
from articles.admin_feeds import FeedInline  # also registers FeedAdmin
from articles.curation import (
    MERGE_NEEDS_TWO,
    alias_split,
    entity_changed,
    entity_hide,
    entity_merge,
    entity_renamed,
)
from articles.editing import (
    article_edit,
    article_edits_release,
    articles_reextract,
    articles_review,
    published_from_parts,
    published_parts,
)
from articles.entities.review import (
    alias_conflict,
    entities_review,
    entity_article_count,
    entity_mentions_in_context,
    entity_spellings,
)
from articles.ingest.failures import failures_dismiss
from articles.ingest.rules import greedy_rule_errors, rule_errors, rule_lines, rules_preview
from articles.models import (
    Alias,
    Article,
    ArticleRevision,
    Entity,
    EntitySlug,
    IngestFailure,
    IngestRun,
    Mention,
    PublishedPrecision,
    SavedSearch,
    Source,
    StoryCluster,
)
from articles.search.reindex import reindex_after_commit
from articles.tasks import reclean_task, retry_failures_task


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def _article_list(**params: object) -> str:
    """The admin's article list filtered by `params` (list filter parameters)."""
    return f"{reverse('admin:articles_article_changelist')}?{urlencode(params)}"


class SourceForm(forms.ModelForm):
    """A source's settings; its boilerplate rules must be valid and must not take most of a recent article."""

    class Meta:
        model = Source
        fields = ["name", "slug", "domain", "aliases", "boilerplate_rules"]

    def clean_boilerplate_rules(self) -> str:
        rules = self.cleaned_data["boilerplate_rules"]
        errors = rule_errors(rules)
        if not errors and self.instance.pk:
            old = set(self.instance.rule_list())
            new = [rule for _number, rule in rule_lines(rules) if rule not in old]
            if new:
                errors = greedy_rule_errors(rules_preview(source=self.instance, rules=new), new=new)
        if errors:
            raise forms.ValidationError(errors)
        return rules


# Health columns: (metric of selectors.HEALTH_METRICS, the article list's filter for it, whether to show a share).
HEALTH_COLUMNS = {
    "articles": ({}, False),
    "undated": ({"tanggal": "tanpa"}, True),
    "no_author": ({"penulis": "-"}, True),
    "flagged": ({"mostly_removed__exact": "1"}, True),
}
PERIOD_LABELS = {7: _("7 hari"), 30: _("30 hari"), None: _("semua")}


def reclean_message(request, result, *, label: str) -> None:
    """The editor's message for a finished re-clean task."""
    if result.status == "SUCCESSFUL":
        counts = result.return_value
        messages.success(request, ngettext(
            "%(label)s: %(checked)d artikel dibersihkan ulang, %(changed)d berubah.",
            "%(label)s: %(checked)d artikel dibersihkan ulang, %(changed)d berubah.", counts["checked"],
        ) % {"label": label, **counts})
    else:
        messages.error(request, _("%(label)s: pembersihan ulang gagal; teks lama tetap. Coba lagi atau laporkan ke "
                                  "pengembang.") % {"label": label})


def reclean_start(request, article_ids: list[int], *, overwrite_edits: bool, label: str):
    """Clean these articles again as a task: its result as a message, or a link to where it stands when queued."""
    result = reclean_task.enqueue(article_ids, overwrite_edits)
    if result.is_finished:  # the immediate backend has run it already
        reclean_message(request, result, label=label)
    else:
        status = reverse("admin:articles_source_reclean_status", args=[result.id]) + "?" + urlencode({"label": label})
        messages.info(request, format_html(gettext("{}: pembersihan ulang {} artikel masuk antrean. "
                                                   "<a href=\"{}\">Lihat kemajuannya</a>."),
                                           label, len(article_ids), status))
    return result


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    """Outlets, with extraction health that leads to the articles behind each number.

    Rules are previewed on this source's recent articles before they are saved; a save that changed them leads
    to the offer to clean the stored articles again (a task), so old text is never left without a word.
    """

    form = SourceForm
    inlines = [FeedInline]
    actions = ["reclean", "reclean_overwriting_edits"]
    list_display = ["name", "health_articles", "health_undated", "health_no_author", "health_flagged",
                    "last_ingested", "newest"]
    search_fields = ["name", "slug", "domain"]
    prepopulated_fields = {"slug": ["name"]}
    change_form_template = "admin/articles/source/change_form.html"

    class Media:
        js = ["js/admin_rules.js"]

    def get_queryset(self, request):
        return selectors.sources_with_health(super().get_queryset(request), now=timezone.now())

    def get_urls(self):
        own = [
            path("<int:pk>/rules-preview/", self.admin_site.admin_view(self.rules_preview_view),
                 name="articles_source_rules_preview"),
            path("<int:pk>/reclean/", self.admin_site.admin_view(self.reclean_view),
                 name="articles_source_reclean"),
            path("reclean/<str:task_id>/", self.admin_site.admin_view(self.reclean_status_view),
                 name="articles_source_reclean_status"),
        ]
        return own + super().get_urls()

    def _health(self, obj: Source, metric: str):
        params, with_share = HEALTH_COLUMNS[metric]
        now = timezone.now()
        lines = []
        for days in selectors.HEALTH_PERIODS:
            count = getattr(obj, selectors.health_key(metric, days))
            total = getattr(obj, selectors.health_key("articles", days))
            since = (now - timedelta(days=days or 0)).replace(microsecond=0).isoformat()
            period = {"ingested_at__gte": since} if days else {}
            text = f"{count} · {_share(count, total)}" if with_share else str(count)
            lines.append((_article_list(source__id__exact=obj.pk, **params, **period), PERIOD_LABELS[days], text))
        return format_html_join(mark_safe("<br>"), '<a href="{}">{}: {}</a>', lines)

    @admin.display(description=_("artikel"), ordering=selectors.health_key("articles", None))
    def health_articles(self, obj):
        return self._health(obj, "articles")

    @admin.display(description=_("tanpa tanggal"), ordering=selectors.health_key("undated", None))
    def health_undated(self, obj):
        return self._health(obj, "undated")

    @admin.display(description=_("tanpa penulis"), ordering=selectors.health_key("no_author", None))
    def health_no_author(self, obj):
        return self._health(obj, "no_author")

    @admin.display(description=_("sebagian besar dibuang"), ordering=selectors.health_key("flagged", None))
    def health_flagged(self, obj):
        return self._health(obj, "flagged")

    @admin.display(description=_("terakhir diambil"), ordering="last_ingested")
    def last_ingested(self, obj):
        return obj.last_ingested

    @admin.display(description=_("terbit terbaru"), ordering="newest_published")
    def newest(self, obj):
        return obj.newest_published

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Read by response_change: a rules change leads to the re-clean offer.
        obj.rules_changed = change and "boilerplate_rules" in form.changed_data

    def response_change(self, request, obj):
        if getattr(obj, "rules_changed", False):
            self.message_user(request, _("Aturan %(source)s disimpan. Artikel yang sudah ada masih memakai teks "
                                         "lama sampai dibersihkan ulang.") % {"source": obj.name}, messages.WARNING)
            return HttpResponseRedirect(reverse("admin:articles_source_reclean", args=[obj.pk]))
        return super().response_change(request, obj)

    def _source(self, request, pk: int) -> Source:
        source = get_object_or_404(Source, pk=pk)
        if not self.has_change_permission(request, source):
            raise PermissionDenied
        return source

    def rules_preview_view(self, request, pk: int):
        """POST boilerplate_rules: which lines each rule removes in the source's recent articles (an HTML part)."""
        source = self._source(request, pk)
        if request.method != "POST":
            raise Http404
        text = request.POST.get("boilerplate_rules", "")
        errors = rule_errors(text)
        preview = None if errors else rules_preview(source=source, rules=[rule for _n, rule in rule_lines(text)])
        return TemplateResponse(request, "admin/articles/source/_rules_preview.html", {
            "errors": errors, "preview": preview, "source": source,
        })

    def reclean_view(self, request, pk: int):
        """The offer to clean the source's articles again; POST runs it as a task."""
        source = self._source(request, pk)
        if request.method == "POST":
            return self._reclean_start(request, source, overwrite_edits=request.POST.get("overwrite_edits") == "1")
        return TemplateResponse(request, "admin/articles/source/reclean.html", {
            **self.admin_site.each_context(request), "title": _("Bersihkan ulang artikel %(source)s?")
            % {"source": source.name}, "source": source, "articles": source.articles.count(),
            "edited": source.articles.exclude(edited_fields=[]).count(), "opts": self.opts,
        })

    def _reclean_start(self, request, source: Source, *, overwrite_edits: bool):
        result = reclean_start(request, list(source.articles.values_list("pk", flat=True)),
                               overwrite_edits=overwrite_edits, label=source.name)
        self.log_change(request, source, gettext("Dibersihkan ulang dengan aturan sekarang"))
        if result.is_finished:
            return HttpResponseRedirect(reverse("admin:articles_source_change", args=[source.pk]))
        return HttpResponseRedirect(reverse("admin:articles_source_reclean_status", args=[result.id]))

    def reclean_status_view(self, request, task_id: str):
        """Where a queued re-clean stands; reloads itself until a worker has finished it."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        try:
            result = reclean_task.get_result(task_id)
        except TaskResultDoesNotExist:
            raise Http404 from None
        if result.is_finished:
            reclean_message(request, result, label=request.GET.get("label", ""))
            return HttpResponseRedirect(reverse("admin:articles_source_changelist"))
        return TemplateResponse(request, "admin/articles/source/reclean_status.html", {
            **self.admin_site.each_context(request), "title": _("Pembersihan ulang berjalan"), "result": result,
            "opts": self.opts,
        })

    @admin.action(description=_("Bersihkan ulang artikelnya dengan aturan sekarang (koreksi tangan tetap)"),
                  permissions=["change"])
    def reclean(self, request, queryset):
        ids = list(Article.objects.filter(source__in=queryset).values_list("pk", flat=True))
        reclean_start(request, ids, overwrite_edits=False, label=", ".join(source.name for source in queryset))

    @admin.action(description=_("Bersihkan ulang artikelnya dan timpa isi yang dikoreksi tangan"),
                  permissions=["change"])
    def reclean_overwriting_edits(self, request, queryset):
        ids = list(Article.objects.filter(source__in=queryset).values_list("pk", flat=True))
        reclean_start(request, ids, overwrite_edits=True, label=", ".join(source.name for source in queryset))


class MentionInline(admin.TabularInline):
    model = Mention
    fields = ["text", "entity", "start", "end"]
    readonly_fields = ["text", "start", "end"]
    raw_id_fields = ["entity"]
    extra = 0


class ArticleRevisionInline(admin.TabularInline):
    """The article's history of overwritten values, read-only: what was there before, who replaced it, when."""

    model = ArticleRevision
    fields = ["at", "by", "field", "old", "new"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    # Whoever may see the article may see its history: no permission of its own for editors to be given.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("nilai lama"))
    def old(self, obj):
        return _long_text(obj.old_value)

    @admin.display(description=_("nilai baru"))
    def new(self, obj):
        return _long_text(obj.new_value)


def _long_text(text: str):
    if len(text) <= 120:
        return text or "–"
    return format_html("<details><summary>{}…</summary><pre>{}</pre></details>", text[:120], text)


class AuthorFilter(admin.SimpleListFilter):
    """Articles by author: without one, or one of the most frequent (any other by `?penulis=NAME`)."""

    title = _("penulis")
    parameter_name = "penulis"
    NONE = "-"
    LISTED = 10

    def lookups(self, request, model_admin):
        frequent = (model_admin.get_queryset(request).exclude(author="").values("author")
                    .annotate(n=Count("pk")).order_by("-n", "author")[:self.LISTED])
        choices = [(self.NONE, _("tanpa penulis")), *((row["author"], row["author"]) for row in frequent)]
        if self.value() and self.value() not in dict(choices):
            choices.append((self.value(), self.value()))
        return choices

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(author="" if self.value() == self.NONE else self.value())


class PublishedFilter(admin.SimpleListFilter):
    """Articles by what is known of their publication time: nothing, the date only, date and time."""

    title = _("waktu terbit")
    parameter_name = "tanggal"

    def lookups(self, request, model_admin):
        return [("tanpa", _("tanpa tanggal")), ("tanggal", _("tanggal saja")), ("jam", _("tanggal dan jam"))]

    def queryset(self, request, queryset):
        match self.value():
            case "tanpa":
                return queryset.filter(published__isnull=True)
            case "tanggal":
                return queryset.filter(published__isnull=False, published_precision=PublishedPrecision.DATE)
            case "jam":
                return queryset.filter(published__isnull=False).exclude(published_precision=PublishedPrecision.DATE)
        return queryset


class PublishedField(forms.MultiValueField):
    """A date with an optional time of day: (date, time or None)."""

    widget = AdminSplitDateTime

    def __init__(self, **kwargs):
        super().__init__((forms.DateField(), forms.TimeField(required=False)), require_all_fields=False, **kwargs)

    def compress(self, data_list):
        return tuple(data_list) if data_list and data_list[0] else None


class ArticleForm(forms.ModelForm):
    """An article as an editor corrects it; a date without a time is saved as a date only."""

    published = PublishedField(label=_("terbit"), required=False, help_text=_(
        "Jam boleh dikosongkan bila sumbernya hanya menyebut tanggal; halaman artikel lalu menampilkan tanggalnya "
        "saja. Jam dibaca menurut zona waktu sumbernya (WIB bila tidak diketahui)."))

    class Meta:
        model = Article
        fields = ["source", "title", "slug", "url", "author", "dateline", "agency", "published",
                  "published_precision", "paywalled", "reviewed", "body", "captions", "cluster"]
        widgets = {"published_precision": forms.HiddenInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["published"] = list(published_parts(self.instance))

    def clean(self):
        cleaned = super().clean()
        if "published" in cleaned:
            day, at = cleaned["published"] or (None, None)
            cleaned["published"], cleaned["published_precision"] = published_from_parts(
                day, at, offset=self.instance.published_offset)
        return cleaned


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ["title", "source", "published_display", "author_link", "reviewed", "mostly_removed",
                    "ingested_at"]
    list_filter = ["source", AuthorFilter, PublishedFilter, "mostly_removed", "reviewed", "paywalled",
                   ("published", admin.DateFieldListFilter), ("ingested_at", admin.DateFieldListFilter)]
    # Title, URL and author by substring; the body by its words (get_search_results).
    search_fields = ["title", "url", "author"]
    date_hierarchy = "published"
    list_select_related = ["source"]
    readonly_fields = ["edited", "content_hash", "ingested_at", "updated_at", "same_story", "cleaning_report",
                       "raw_text"]
    raw_id_fields = ["cluster"]
    inlines = [MentionInline, ArticleRevisionInline]
    actions = ["mark_reviewed", "reextract_entities", "reclean", "release_edits"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("raw_text", "minhash")

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if not search_term.strip():
            return results, may_have_duplicates
        # Two subqueries, each with its own index, rather than one OR that would read every body.
        in_body = selectors.articles_with_body_words(search_term).values("pk")
        return queryset.filter(Q(pk__in=results.values("pk")) | Q(pk__in=in_body)), may_have_duplicates

    @admin.display(description=_("terbit"), ordering="published")
    def published_display(self, obj):
        day, at = published_parts(obj)
        if day is None:
            return "–"
        return f"{day:%Y-%m-%d} {at:%H:%M}" if at else f"{day:%Y-%m-%d}"

    @admin.display(description=_("penulis"), ordering="author")
    def author_link(self, obj):
        value = obj.author or AuthorFilter.NONE
        return format_html('<a href="?{}">{}</a>', urlencode({AuthorFilter.parameter_name: value}),
                           obj.author or gettext("tanpa penulis"))

    @admin.action(description=_("Tandai sudah diperiksa"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        marked = articles_review(articles=queryset)
        self.message_user(request, ngettext("%(n)d artikel ditandai sudah diperiksa.",
                                            "%(n)d artikel ditandai sudah diperiksa.", marked) % {"n": marked},
                          messages.SUCCESS)

    @admin.action(description=_("Kenali ulang entitasnya"), permissions=["change"])
    def reextract_entities(self, request, queryset):
        done = articles_reextract(articles=queryset)
        self.message_user(request, ngettext("Entitas %(n)d artikel dikenali ulang.",
                                            "Entitas %(n)d artikel dikenali ulang.", done) % {"n": done},
                          messages.SUCCESS)

    @admin.action(description=_("Bersihkan ulang dengan aturan sumbernya (koreksi tangan tetap)"),
                  permissions=["change"])
    def reclean(self, request, queryset):
        reclean_start(request, list(queryset.values_list("pk", flat=True)), overwrite_edits=False,
                      label=gettext("Artikel terpilih"))

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
        # A change is written by article_edit in save_related, after the mention inline, so mentions that a body
        # edit derives again are not followed by the inline's stale rows.

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            # The history then lists what really changed, not what the textarea's CRLF made look different.
            form.changed_data = article_edit(article=form.instance, by=request.user.get_username())
        else:
            reindex_after_commit([form.instance.pk])

    @admin.action(description=_("Izinkan ingest dan pembersihan ulang menimpa koreksi tangan"), permissions=["change"])
    def release_edits(self, request, queryset):
        released = article_edits_release(articles=queryset)
        self.message_user(request, ngettext("%(n)d artikel: koreksi tangan boleh ditimpa lagi.",
                                            "%(n)d artikel: koreksi tangan boleh ditimpa lagi.", released)
                          % {"n": released}, messages.SUCCESS)

    @admin.display(description=_("dikoreksi tangan"))
    def edited(self, obj):
        labels = [str(Article._meta.get_field(name).verbose_name) for name in obj.edited_fields]
        return ", ".join(labels) or "–"

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        reindex_after_commit([pk])

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        reindex_after_commit(ids)

    @admin.display(description=_("berita yang sama di tempat lain"))
    def same_story(self, obj):
        others = selectors.same_story(obj)
        return format_html_join(mark_safe("<br>"), '<a href="{}">{}</a> ({})', (
            (reverse("admin:articles_article_change", args=[other.pk]), other.title, other.source.name)
            for other in others)) or "–"

    @admin.display(description=_("baris yang dibuang saat pembersihan"))
    def cleaning_report(self, obj):
        if not obj.removed_lines:
            return "–"
        rows = format_html_join("", "<tr><td><code>{}</code></td><td>{}</td></tr>",
                                ((item["rule"], item["line"]) for item in obj.removed_lines))
        return format_html("<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
                           _("aturan"), _("baris"), rows)


class AliasForm(forms.ModelForm):
    """An alias, refused when another entity already has that name or alias (the name would mean two entities)."""

    class Meta:
        model = Alias
        fields = ["entity", "name", "blocked"]

    def clean(self):
        cleaned = super().clean()
        name, entity = cleaned.get("name"), cleaned.get("entity") or self._parent()
        if name and not cleaned.get("blocked"):
            other = alias_conflict(name=name, entity=entity)
            if other is not None:
                self.add_error("name", forms.ValidationError(format_html(
                    gettext("„{}” sudah dipakai oleh entitas lain: <a href=\"{}\">{}</a>. Gabungkan kedua entitas "
                            "bila keduanya sama, atau pakai nama yang lain."),
                    name, reverse("admin:articles_entity_change", args=[other.pk]), other.name)))
        return cleaned

    def _parent(self) -> Entity | None:
        # In the entity's inline the entity is the parent form's instance, set by the formset.
        return self.instance.entity if self.instance.entity_id else None


class AliasInline(admin.TabularInline):
    model = Alias
    form = AliasForm
    extra = 1


class EntitySlugInline(admin.TabularInline):
    """Earlier addresses of the entity (renames, merges), which redirect to its page."""

    model = EntitySlug
    fields = ["slug", "created_at"]
    readonly_fields = fields
    extra = 0

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_entity")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("articles.change_entity")  # frees an old address for another entity


class ReviewFilter(admin.SimpleListFilter):
    """The review queue: unreviewed entities unless the editor asks for the others."""

    title = _("pemeriksaan")
    parameter_name = "diperiksa"
    DEFAULT = "belum"

    def lookups(self, request, model_admin):
        return [("belum", _("belum diperiksa")), ("sudah", _("sudah diperiksa")), ("semua", _("semua"))]

    def value(self):
        return super().value() or self.DEFAULT

    def choices(self, changelist):
        # No "all" entry of Django's own: "semua" is one of the lookups, and the default is the queue.
        for lookup, title in self.lookup_choices:
            yield {"selected": self.value() == lookup, "display": title,
                   "query_string": changelist.get_query_string({self.parameter_name: lookup})}

    def queryset(self, request, queryset):
        match self.value():
            case "belum":
                return queryset.filter(reviewed=False)
            case "sudah":
                return queryset.filter(reviewed=True)
        return queryset


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    """Entities as a review queue: newest unreviewed first; each page shows its mentions in context, so a decision
    (review, merge, hide, rename, retype, aliases) needs no other tab."""

    list_display = ["name", "type", "article_count", "mention_count", "reviewed", "hidden", "created_at"]
    list_filter = [ReviewFilter, "type", "hidden", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["name", "slug", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["articles_total", "spellings", "mentions_in_context"]
    inlines = [AliasInline, EntitySlugInline]
    actions = ["mark_reviewed", "mark_unreviewed", "merge", "hide", "unhide"]

    def get_queryset(self, request):
        # Annotated before ordering, since the list can be ordered by the annotations.
        queryset = self.model._default_manager.annotate(
            n_articles=Count("mentions__article", distinct=True), n_mentions=Count("mentions"))
        return queryset.order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        # Foreign-key choices elsewhere use this ordering on a plain queryset: only the changelist gets it.
        if request.resolver_match and request.resolver_match.url_name == "articles_entity_changelist":
            return ["-created_at", "-pk"]
        return super().get_ordering(request)

    @admin.display(description=_("artikel"), ordering="n_articles")
    def article_count(self, obj):
        return obj.n_articles

    @admin.display(description=_("sebutan"), ordering="n_mentions")
    def mention_count(self, obj):
        return obj.n_mentions

    @admin.display(description=_("jumlah artikel"))
    def articles_total(self, obj):
        if obj.pk is None:
            return "–"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), entity_article_count(entity=obj))

    @admin.display(description=_("ejaan yang ditemukan"))
    def spellings(self, obj):
        if obj.pk is None:
            return "–"
        return format_html_join(mark_safe(", "), "{} ({})", entity_spellings(entity=obj)) or "–"

    @admin.display(description=_("sebutan dalam konteks"))
    def mentions_in_context(self, obj):
        if obj.pk is None:
            return "–"
        rows = format_html_join("", '<li>{} <mark>{}</mark> {} — <a href="{}">{}</a> (<a href="{}">{}</a>)</li>', (
            (m.before, m.text, m.after, m.article.get_absolute_url(), m.article.title,
             reverse("admin:articles_article_change", args=[m.article.pk]), gettext("ubah"))
            for m in entity_mentions_in_context(entity=obj)))
        return format_html('<ul class="mentions-in-context">{}</ul>', rows) if rows else "–"

    @admin.action(description=_("Tandai sudah diperiksa"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        marked = entities_review(entities=Entity.objects.filter(pk__in=queryset.values("pk")))
        self.message_user(request, ngettext("%(n)d entitas ditandai sudah diperiksa.",
                                            "%(n)d entitas ditandai sudah diperiksa.", marked) % {"n": marked},
                          messages.SUCCESS)

    @admin.action(description=_("Kembalikan ke antrean pemeriksaan"), permissions=["change"])
    def mark_unreviewed(self, request, queryset):
        marked = entities_review(entities=Entity.objects.filter(pk__in=queryset.values("pk")), reviewed=False)
        self.message_user(request, ngettext("%(n)d entitas kembali ke antrean pemeriksaan.",
                                            "%(n)d entitas kembali ke antrean pemeriksaan.", marked) % {"n": marked},
                          messages.SUCCESS)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            entity_renamed(entity=form.instance, old_name=form.initial["name"], old_slug=form.initial["slug"])
        entity_changed(entity=form.instance)

    @admin.action(description=_("Gabungkan entitas terpilih"), permissions=["change"])
    def merge(self, request, queryset):
        entities = list(queryset.order_by("-n_articles", "name"))
        if "target" in request.POST:
            target = next((e for e in entities if str(e.pk) == request.POST["target"]), None)
            if target is None:
                self.message_user(request, _("Pilih entitas tujuan."), messages.ERROR)
                return None
            others = [e for e in entities if e.pk != target.pk]
            touched = entity_merge(target=target, others=others)
            self.log_change(request, target, gettext("%(others)s digabung ke %(target)s")
                            % {"others": ", ".join(e.name for e in others), "target": target.name})
            self.message_user(request, ngettext("%(n)d entitas digabung ke %(name)s; %(a)d artikel diperbarui.",
                                                "%(n)d entitas digabung ke %(name)s; %(a)d artikel diperbarui.",
                                                len(others)) % {"n": len(others), "name": target.name, "a": touched},
                              messages.SUCCESS)
            return None
        if len(entities) < 2:
            self.message_user(request, MERGE_NEEDS_TWO, messages.WARNING)
            return None
        return TemplateResponse(request, "admin/articles/entity/merge.html", {
            **self.admin_site.each_context(request), "title": _("Gabungkan entitas"), "entities": entities,
            "opts": self.model._meta, "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        })

    @admin.action(description=_("Sembunyikan dari pembaca (bisa dikembalikan)"), permissions=["change"])
    def hide(self, request, queryset):
        entities = list(queryset.filter(hidden=False).order_by("-n_articles", "name"))
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(request, "admin/articles/entity/hide.html", {
                **self.admin_site.each_context(request), "title": _("Sembunyikan entitas?"), "entities": entities,
                "opts": self.model._meta, "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            })
        for entity in entities:
            touched = entity_hide(entity=entity)
            self.log_change(request, entity, ngettext("Disembunyikan dari pembaca; %(n)d artikel diperbarui",
                                                      "Disembunyikan dari pembaca; %(n)d artikel diperbarui",
                                                      touched) % {"n": touched})
        self.message_user(request, ngettext("%(n)d entitas disembunyikan. Sebutannya tetap tersimpan; "
                                            "„Tampilkan lagi” mengembalikannya.",
                                            "%(n)d entitas disembunyikan. Sebutannya tetap tersimpan; "
                                            "„Tampilkan lagi” mengembalikannya.", len(entities)) % {"n": len(entities)},
                          messages.SUCCESS)
        return None

    @admin.action(description=_("Tampilkan lagi kepada pembaca"), permissions=["change"])
    def unhide(self, request, queryset):
        entities = list(queryset.filter(hidden=True))
        for entity in entities:
            touched = entity_hide(entity=entity, hidden=False)
            self.log_change(request, entity, ngettext("Ditampilkan lagi; %(n)d artikel diperbarui",
                                                      "Ditampilkan lagi; %(n)d artikel diperbarui",
                                                      touched) % {"n": touched})
        self.message_user(request, ngettext("%(n)d entitas ditampilkan lagi.", "%(n)d entitas ditampilkan lagi.",
                                            len(entities)) % {"n": len(entities)}, messages.SUCCESS)


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    form = AliasForm
    list_display = ["name", "entity", "blocked"]
    list_filter = ["blocked"]
    search_fields = ["name", "entity__name"]
    raw_id_fields = ["entity"]
    actions = ["split"]

    @admin.action(description=_("Jadikan entitas sendiri"), permissions=["change"])
    def split(self, request, queryset):
        for alias in queryset.select_related("entity"):
            try:
                entity = alias_split(alias=alias)
            except ValueError as exc:
                self.message_user(request, f"{alias.name}: {exc}", messages.ERROR)
            else:
                self.log_addition(request, entity, gettext("Dipisahkan dari alias %(entity)s")
                                  % {"entity": alias.entity.name})


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["text", "entity", "article", "start", "end"]
    search_fields = ["text", "entity__name"]
    raw_id_fields = ["article", "entity"]
    list_select_related = ["entity", "article"]


@admin.register(StoryCluster)
class StoryClusterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_at"]


class IngestFailureInline(admin.TabularInline):
    model = IngestFailure
    fields = ["origin", "reason", "attempts", "resolved"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(IngestRun)
class IngestRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "finished_at", "ingested", "duplicates", "updated", "failed"]
    readonly_fields = ["started_at", "finished_at", "targets", "ingested", "duplicates", "updated", "failed"]
    inlines = [IngestFailureInline]


@admin.register(IngestFailure)
class IngestFailureAdmin(admin.ModelAdmin):
    """One row per input that failed: a retry updates it, an input that reads again closes it."""

    list_display = ["origin", "reason", "attempts", "last_tried", "resolved"]
    list_filter = ["resolved"]
    search_fields = ["origin", "reason"]
    readonly_fields = ["origin", "reason", "attempts", "last_tried", "run", "resolved"]
    actions = ["retry", "dismiss"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("run")

    @admin.action(description=_("Coba ingest lagi"), permissions=["change"])
    def retry(self, request, queryset):
        """Ingest the inputs again as a task: its counts when it has run, else where to see the outcome."""
        ids = list(queryset.filter(resolved=False).values_list("pk", flat=True))
        result = retry_failures_task.enqueue(ids)
        if not result.is_finished:  # a worker will: each row shows its outcome once it has run
            self.message_user(request, ngettext(
                "%(n)d masukan masuk antrean untuk di-ingest lagi; muat ulang daftar ini untuk melihat hasilnya.",
                "%(n)d masukan masuk antrean untuk di-ingest lagi; muat ulang daftar ini untuk melihat hasilnya.",
                len(ids)) % {"n": len(ids)}, messages.INFO)
        elif result.status != "SUCCESSFUL":
            self.message_user(request, gettext("Ingest ulang gagal. Coba lagi atau laporkan ke pengembang."),
                              messages.ERROR)
        else:
            counts = result.return_value
            level = messages.WARNING if counts["failed"] else messages.SUCCESS
            self.message_user(request, gettext("baru %(ingested)d, duplikat %(duplicates)d, diperbarui "
                                               "%(updated)d, gagal %(failed)d") % counts, level)

    @admin.action(description=_("Abaikan (tandai selesai tanpa ingest)"), permissions=["change"])
    def dismiss(self, request, queryset):
        dismissed = failures_dismiss(failures=queryset)
        self.message_user(request, ngettext("%(n)d kegagalan diabaikan.", "%(n)d kegagalan diabaikan.", dismissed)
                          % {"n": dismissed}, messages.SUCCESS)


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    """Users' saved searches, for an admin who must stop a digest (a bouncing address) or help a user."""

    list_display = ["name", "user", "query", "digest", "last_sent_at"]
    list_filter = ["digest"]
    search_fields = ["name", "query", "user__username", "user__email"]
    readonly_fields = ["user", "language", "created_at", "checked_at", "last_sent_at"]
    list_select_related = ["user"]


admin.site.site_header = _("Telusur · Redaksi")
admin.site.site_title = _("Telusur")

# API keys have their own module; importing it registers them with the admin.
from articles import admin_keys  # noqa: E402, F401
