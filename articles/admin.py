"""Editors' admin for sources, articles, entities and ingest runs."""

from django.contrib import admin, messages
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from articles.ingest.pipeline import failures_retry
from articles.models import Alias, Article, Entity, IngestFailure, IngestRun, Mention, Source, StoryCluster
from articles.search.indexing import drain


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    """Outlets, with extraction health so an editor sees when a layout changed."""

    list_display = ["name", "slug", "domain", "article_count", "without_date", "without_author", "newest"]
    search_fields = ["name", "slug", "domain"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            n_articles=Count("articles"),
            n_undated=Count("articles", filter=Q(articles__published__isnull=True)),
            n_no_author=Count("articles", filter=Q(articles__author="")),
            newest_published=Max("articles__published"),
        )

    @admin.display(description=_("artikel"), ordering="n_articles")
    def article_count(self, obj):
        return obj.n_articles

    @admin.display(description=_("tanpa tanggal"), ordering="n_undated")
    def without_date(self, obj):
        return _share(obj.n_undated, obj.n_articles)

    @admin.display(description=_("tanpa penulis"), ordering="n_no_author")
    def without_author(self, obj):
        return _share(obj.n_no_author, obj.n_articles)

    @admin.display(description=_("terbaru"), ordering="newest_published")
    def newest(self, obj):
        return obj.newest_published


class MentionInline(admin.TabularInline):
    model = Mention
    fields = ["text", "entity", "start", "end"]
    readonly_fields = ["text", "start", "end"]
    raw_id_fields = ["entity"]
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "published", "author", "ingested_at"]
    list_filter = ["source", ("published", admin.DateFieldListFilter)]
    search_fields = ["title", "url", "author"]
    date_hierarchy = "published"
    list_select_related = ["source"]
    readonly_fields = ["content_hash", "ingested_at", "updated_at", "same_story", "cleaning_report", "raw_text"]
    exclude = ["removed_lines", "minhash"]
    raw_id_fields = ["cluster"]
    inlines = [MentionInline]

    @admin.display(description=_("berita yang sama di tempat lain"))
    def same_story(self, obj):
        if not obj.cluster_id:
            return "–"
        others = obj.cluster.articles.exclude(pk=obj.pk).select_related("source")
        return format_html_join(format_html("<br>"), '<a href="{}">{}</a> ({})', (
            (reverse("admin:articles_article_change", args=[other.pk]), other.title, other.source.name)
            for other in others))

    @admin.display(description=_("baris yang dibuang saat pembersihan"))
    def cleaning_report(self, obj):
        if not obj.removed_lines:
            return "–"
        rows = format_html_join("", "<tr><td><code>{}</code></td><td>{}</td></tr>",
                                ((item["rule"], item["line"]) for item in obj.removed_lines))
        return format_html("<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
                           _("aturan"), _("baris"), rows)


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "slug", "hidden"]
    list_filter = ["type", "hidden"]
    search_fields = ["name", "slug", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AliasInline]


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ["name", "entity", "blocked"]
    list_filter = ["blocked"]
    search_fields = ["name", "entity__name"]
    raw_id_fields = ["entity"]


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
    fields = ["origin", "reason", "resolved"]
    readonly_fields = ["origin", "reason"]
    extra = 0


@admin.register(IngestRun)
class IngestRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "finished_at", "ingested", "duplicates", "updated", "failed"]
    readonly_fields = ["started_at", "finished_at", "targets", "ingested", "duplicates", "updated", "failed"]
    inlines = [IngestFailureInline]


@admin.register(IngestFailure)
class IngestFailureAdmin(admin.ModelAdmin):
    list_display = ["origin", "reason", "run", "resolved"]
    list_filter = ["resolved"]
    search_fields = ["origin", "reason"]
    actions = ["retry"]

    @admin.action(description=_("Coba ingest lagi"))
    def retry(self, request, queryset):
        report = failures_retry(queryset.filter(resolved=False))
        drain()
        level = messages.WARNING if report.run.failed else messages.SUCCESS
        self.message_user(request, report.run.summary(), level)


admin.site.site_header = _("Telusur · Redaksi")
admin.site.site_title = _("Telusur")
