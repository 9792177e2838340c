"""Editors' admin for API keys: create one (its token is shown once), see when it was last used, revoke it."""

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.api_access import api_key_issue, api_key_revoke
from articles.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "state", "created_by", "created_at", "last_used_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "prefix")
    readonly_fields = ("prefix", "state", "created_by", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def get_fields(self, request: HttpRequest, obj: ApiKey | None = None):
        return ("name",) if obj is None else ("name", *self.readonly_fields)

    def get_readonly_fields(self, request: HttpRequest, obj: ApiKey | None = None):
        return () if obj is None else self.readonly_fields

    @admin.display(description=_("status"))
    def state(self, key: ApiKey) -> str:
        return _("dicabut") if key.revoked_at else _("aktif")

    def save_model(self, request: HttpRequest, obj: ApiKey, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
        else:
            obj.created_by = request.user
            # Kept on the request for response_add only: the token is never stored.
            request.api_key_token = api_key_issue(obj)

    def response_add(self, request: HttpRequest, obj: ApiKey, post_url_continue=None) -> HttpResponse:
        return TemplateResponse(request, "admin/articles/apikey/created.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "key": obj, "token": request.api_key_token,
            "title": _("Kunci API dibuat"),
        })

    @admin.action(description=_("Cabut kunci API terpilih"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset) -> None:
        count = api_key_revoke(keys=queryset)
        self.message_user(request, ngettext("%(n)d kunci dicabut.", "%(n)d kunci dicabut.", count) % {"n": count},
                          messages.SUCCESS)
