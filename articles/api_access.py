"""Who may use the API how often: anonymous clients per address (django-ratelimit), API keys without limit.

One middleware guards every path under /api/, so an endpoint added later is limited without remembering to;
reader pages never pass through it.
"""

import hashlib
import math
import secrets
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import get_usage

from articles.models import ApiKey

API_PREFIX = "/api/"
KEY_PREFIX = "tls_"
# Writing "last used" on every request would make each keyed API call a database write.
LAST_USED_PRECISION = timedelta(minutes=1)
RATE_LIMITED = _("Terlalu banyak permintaan. Coba lagi sebentar lagi, atau minta kunci API kepada redaksi.")
INVALID_KEY = _("Kunci API tidak dikenal atau sudah dicabut.")


def _hash(token: str) -> str:
    # Keys are 256 random bits, not passwords: a plain SHA-256 cannot be guessed back, and it can be looked up.
    return hashlib.sha256(token.encode()).hexdigest()


def api_key_issue(key: ApiKey) -> str:
    """Give a new (unsaved) key its secret and save it. Returns the token, which is not stored: show it now."""
    token = KEY_PREFIX + secrets.token_urlsafe(32)
    key.prefix, key.key_hash = token[:12], _hash(token)
    key.save()
    return token


def api_key_revoke(*, keys) -> int:
    """Revoke the given keys (a queryset) for good; returns how many were still valid."""
    return keys.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def api_key_for_token(token: str) -> ApiKey | None:
    """The valid (not revoked) key a client sent, or None; notes when it was last used."""
    if not token.startswith(KEY_PREFIX):
        return None
    key = ApiKey.objects.filter(key_hash=_hash(token), revoked_at__isnull=True).first()
    if key is not None:
        now = timezone.now()
        stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION)
        ApiKey.objects.filter(stale, pk=key.pk).update(last_used_at=now)
    return key


def anonymous_rate(group: str, request: HttpRequest) -> str | None:
    """django-ratelimit's rate for anonymous clients, read per request so tests and settings can change it."""
    return f"{settings.API_RATE_LIMIT}/m" if settings.API_RATE_LIMIT else None


def _error(message, code: str, status: int) -> JsonResponse:
    response = JsonResponse({"errors": {"__all__": [{"message": str(message), "code": code}]}}, status=status)
    add_never_cache_headers(response)
    return response


def api_access(request: HttpRequest) -> HttpResponse | None:
    """The refusal for an API request (401 for a bad key, 429 over the limit), or None to let it through."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or api_key_for_token(token.strip()) is None:
            response = _error(INVALID_KEY, "invalid_key", 401)
            response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
            return response
        return None
    usage = get_usage(request, group="api", key="ip", rate=anonymous_rate, increment=True)
    if usage is not None and usage["should_limit"]:
        response = _error(RATE_LIMITED, "rate_limited", 429)
        response["Retry-After"] = str(max(1, math.ceil(usage["time_left"])))
        return response
    return None


class ApiAccessMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX) and (refusal := api_access(request)) is not None:
            return refusal
        return self.get_response(request)
