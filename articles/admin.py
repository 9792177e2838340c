"""Editors' admin for sources, articles, entities and ingest runs."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, Max, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from articles import selectors
from articles.editing import article_edit, article_edits_release
from articles.entities.curation import (
    MERGE_NEEDS_TWO,
    alias_split,
    entity_changed,
    entity_hide,
    entity_merge,
    entity_renamed,
)
from articles.ingest.clean import validate_rule
from articles.ingest.failures import failures_dismiss
from articles.ingest.pipeline import failures_retry
from articles.ingest.reclean import source_reclean
from articles.models import (
    Alias,
    Article,
    ArticleRevision,
    Entity,
    EntitySlug,
    IngestFailure,
    IngestRun,
    Mention,
    SavedSearch,
    Source,
    StoryCluster,
)
from articles.search.indexing import drain
from articles.search.reindex import reindex_after_commit


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


class SourceForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = ["name", "slug", "domain", "boilerplate_rules"]

    def clean_boilerplate_rules(self) -> str:
        rules = self.cleaned_data["boilerplate_rules"]
        errors = []
        for number, line in enumerate(rules.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                validate_rule(line.strip())
            except ValueError as exc:
                errors.append(f"{_('baris')} {number}: {exc}")
        if errors:
            raise forms.ValidationError(errors)
        return rules


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    """Outlets, with extraction health so an editor sees when a layout changed."""

    form = SourceForm
    actions = ["reclean", "reclean_overwriting_edits"]

    @admin.action(description=_("Bersihkan ulang artikelnya dengan aturan sekarang (koreksi tangan tetap)"),
                  permissions=["change"])
    def reclean(self, request, queryset):
        self._reclean(request, queryset, overwrite_edits=False)

    @admin.action(description=_("Bersihkan ulang artikelnya dan timpa isi yang dikoreksi tangan"),
                  permissions=["change"])
    def reclean_overwriting_edits(self, request, queryset):
        self._reclean(request, queryset, overwrite_edits=True)

    def _reclean(self, request, queryset, *, overwrite_edits: bool) -> None:
        for source in queryset:
            changed = source_reclean(source=source, overwrite_edits=overwrite_edits)
            self.log_change(request, source, _("Dibersihkan ulang dengan aturan sekarang: %(n)d artikel berubah")
                            % {"n": changed})
            self.message_user(request, _("%(source)s: %(n)d artikel berubah.") % {"source": source.name, "n": changed})

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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "published", "author", "ingested_at"]
    list_filter = ["source", "paywalled", ("published", admin.DateFieldListFilter)]
    search_fields = ["title", "url", "author"]
    date_hierarchy = "published"
    list_select_related = ["source"]
    readonly_fields = ["edited", "content_hash", "ingested_at", "updated_at", "same_story", "cleaning_report",
                       "raw_text"]
    exclude = ["removed_lines", "minhash"]
    raw_id_fields = ["cluster"]
    inlines = [MentionInline, ArticleRevisionInline]
    actions = ["release_edits"]

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
        self.message_user(request, _("%(n)d artikel: koreksi tangan boleh ditimpa lagi.") % {"n": released},
                          messages.SUCCESS)

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


class AliasInline(admin.TabularInline):
    model = Alias
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


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    """Entities as a review queue: most-mentioned first; merge, hide, rename, retype, edit aliases."""

    list_display = ["name", "type", "article_count", "mention_count", "hidden", "created_at"]
    list_filter = ["type", "hidden", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["name", "slug", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AliasInline, EntitySlugInline]
    actions = ["merge", "hide", "unhide"]

    def get_queryset(self, request):
        # Annotated before ordering, since the review queue is ordered by the annotation.
        queryset = self.model._default_manager.annotate(
            n_articles=Count("mentions__article", distinct=True), n_mentions=Count("mentions"))
        return queryset.order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        # Foreign-key choices elsewhere use this ordering on a plain queryset: only the changelist gets it.
        if request.resolver_match and request.resolver_match.url_name == "articles_entity_changelist":
            return ["-n_articles", "name"]
        return super().get_ordering(request)

    @admin.display(description=_("artikel"), ordering="n_articles")
    def article_count(self, obj):
        return obj.n_articles

    @admin.display(description=_("sebutan"), ordering="n_mentions")
    def mention_count(self, obj):
        return obj.n_mentions

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
            self.log_change(request, target, _("%(others)s digabung ke %(target)s")
                            % {"others": ", ".join(e.name for e in others), "target": target.name})
            self.message_user(request, _("%(n)d entitas digabung ke %(name)s; %(a)d artikel diperbarui.")
                              % {"n": len(others), "name": target.name, "a": touched}, messages.SUCCESS)
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
            self.log_change(request, entity, _("Disembunyikan dari pembaca; %(n)d artikel diperbarui") % {"n": touched})
        self.message_user(request, _("%(n)d entitas disembunyikan. Sebutannya tetap tersimpan; "
                                     "„Tampilkan lagi” mengembalikannya.") % {"n": len(entities)}, messages.SUCCESS)
        return None

    @admin.action(description=_("Tampilkan lagi kepada pembaca"), permissions=["change"])
    def unhide(self, request, queryset):
        entities = list(queryset.filter(hidden=True))
        for entity in entities:
            touched = entity_hide(entity=entity, hidden=False)
            self.log_change(request, entity, _("Ditampilkan lagi; %(n)d artikel diperbarui") % {"n": touched})
        self.message_user(request, _("%(n)d entitas ditampilkan lagi.") % {"n": len(entities)}, messages.SUCCESS)


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
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
                self.log_addition(request, entity, f"Split off from alias of {alias.entity.name}")


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
        report = failures_retry(queryset.filter(resolved=False))
        drain()
        level = messages.WARNING if report.run.failed else messages.SUCCESS
        self.message_user(request, report.run.summary(), level)

    @admin.action(description=_("Abaikan (tandai selesai tanpa ingest)"), permissions=["change"])
    def dismiss(self, request, queryset):
        dismissed = failures_dismiss(failures=queryset)
        self.message_user(request, _("%(n)d kegagalan diabaikan.") % {"n": dismissed}, messages.SUCCESS)


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
