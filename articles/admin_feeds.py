"""Editors' admin for feeds: each source's feeds inline, and a feed list with per-feed health."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from articles.feed_health import feed_is_silent, feed_items_per_day, feeds_silent, feeds_with_health
from articles.models import Feed, FeedItem

HEALTH_FIELDS = ["last_success_at", "last_error_at", "last_error", "failures", "next_poll_at", "last_item_at",
                 "usual_gap"]


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


class SilentFilter(admin.SimpleListFilter):
    title = _("diam")
    parameter_name = "silent"

    def lookups(self, request, model_admin):
        return [("yes", _("diam tiga kali jarak biasanya"))]

    def queryset(self, request, queryset):
        return feeds_silent(queryset, now=timezone.now()) if self.value() == "yes" else queryset


class FeedInline(admin.TabularInline):
    """A source's feeds: what to poll and how often, with the latest outcome."""

    model = Feed
    fields = ["url", "kind", "interval_minutes", "active", "last_success_at", "last_error", "silent"]
    readonly_fields = ["last_success_at", "last_error", "silent"]
    extra = 0
    show_change_link = True

    @admin.display(description=_("diam"), boolean=True)
    def silent(self, obj):
        return feed_is_silent(obj, now=timezone.now()) if obj.pk else None


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    """Feeds with their health: a feed that fails, goes quiet or brings articles without date or author shows."""

    list_display = ["url", "source", "kind", "interval_minutes", "active", "last_success_at", "error_summary",
                    "failures", "items_per_day", "without_date", "without_author", "silent"]
    list_filter = ["kind", "active", SilentFilter, "source"]
    list_select_related = ["source"]
    search_fields = ["url", "source__name", "last_error"]
    raw_id_fields = ["source"]
    fields = ["source", "url", "kind", "interval_minutes", "active", *HEALTH_FIELDS, "backoff_seconds",
              "last_polled_at", "etag", "last_modified", "week"]
    # next_poll_at stays editable: an editor may move a feed's next poll.
    readonly_fields = [name for name in fields if name not in ("source", "url", "kind", "interval_minutes",
                                                               "active", "next_poll_at")]
    actions = ["poll_now"]

    def get_queryset(self, request):
        return feeds_with_health(super().get_queryset(request), now=timezone.now())

    @admin.display(description=_("galat terakhir"), ordering="last_error_at")
    def error_summary(self, obj):
        if not obj.last_error:
            return "–"
        return format_html('<span title="{}">{} · {}</span>', obj.last_error,
                           f"{timezone.localtime(obj.last_error_at):%Y-%m-%d %H:%M}", obj.last_error[:80])

    @admin.display(description=_("butir/hari (7 hari)"), ordering="n_week")
    def items_per_day(self, obj):
        return f"{obj.n_week / 7:.1f}"

    @admin.display(description=_("tanpa tanggal"), ordering="n_undated")
    def without_date(self, obj):
        return _share(obj.n_undated, obj.n_articles)

    @admin.display(description=_("tanpa penulis"), ordering="n_no_author")
    def without_author(self, obj):
        return _share(obj.n_no_author, obj.n_articles)

    @admin.display(description=_("diam"), boolean=True)
    def silent(self, obj):
        return feed_is_silent(obj, now=timezone.now())

    @admin.display(description=_("butir per hari, seminggu terakhir"))
    def week(self, obj):
        if not obj.pk:
            return "–"
        return format_html("<table><tr>{}</tr></table>", format_html_join(
            "", "<td>{}<br><b>{}</b></td>", ((f"{day:%d/%m}", n) for day, n in feed_items_per_day(obj))))

    @admin.action(description=_("Periksa secepatnya (pada putaran pekerja berikutnya)"), permissions=["change"])
    def poll_now(self, request, queryset):
        # The web request only marks the feeds due; a worker does the fetching, under the usual rules.
        count = queryset.update(next_poll_at=timezone.now())
        self.message_user(request, _("%(n)d feed akan diperiksa pada putaran berikutnya.") % {"n": count},
                          messages.SUCCESS)


@admin.register(FeedItem)
class FeedItemAdmin(admin.ModelAdmin):
    """The items feeds brought in, read-only: why an item was not fetched again. Deleting one forgets it, so
    the next poll of its feed fetches it anew."""

    list_display = ["guid", "feed", "article", "published", "seen_at"]
    list_filter = ["feed"]
    list_select_related = ["feed", "article"]
    search_fields = ["guid", "url", "canonical_url", "content_hash"]
    readonly_fields = ["feed", "guid", "url", "canonical_url", "content_hash", "article", "published", "seen_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
