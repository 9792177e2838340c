"""Saved searches and their e-mail digests: save, change, delete, unsubscribe, and send the digests that are due.

`send_due_digests` is run by the task workers (`manage.py send_digests`, from a timer). Each saved search is
handled in its own transaction with its row locked, so several workers never send one digest twice; the
articles a digest sent are recorded (`DigestItem`) and never sent again for that search.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy, ngettext

from articles.follow import followed_query, newest_matches
from articles.forms import SearchForm
from articles.models import DigestFrequency, DigestItem, SavedSearch
from articles.rendering import snippet_text
from articles.search.service import Hit, SearchParams

log = logging.getLogger("telusur.digests")

INTERVALS = {DigestFrequency.HOURLY: timedelta(hours=1), DigestFrequency.DAILY: timedelta(days=1)}
# A timer that starts the workers every hour runs a little early or late: a digest due within this margin goes
# now, not an hour later.
DUE_MARGIN = timedelta(minutes=5)
# The newest matches a digest looks at: a longer list is read on the site, and the e-mail links there.
DIGEST_MAX_ARTICLES = 30
MAX_SAVED_SEARCHES = 50
UNSUBSCRIBE_SALT = "telusur.digest.unsubscribe"
TOO_MANY_SAVED = gettext_lazy("Paling banyak %(limit)d pencarian tersimpan per akun. Hapus dulu yang tidak dipakai.")


def search_params(query: str) -> SearchParams:
    """The parameters of a saved query string, validated as the search page validates them."""
    form = SearchForm(QueryDict(query))
    if not form.is_valid():
        raise ValidationError(form.errors.as_text())
    return SearchParams.from_form(form.cleaned_data)


def check_saved_search_create(*, user: AbstractBaseUser, query: str) -> str:
    """The query string to save for `query` (only the parameters that say what is searched); ValidationError when
    it is not a valid search or the user has saved as many searches as allowed."""
    if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES:
        raise ValidationError(TOO_MANY_SAVED, params={"limit": MAX_SAVED_SEARCHES})
    search_params(query)
    return followed_query(QueryDict(query))


def saved_search_create(*, user: AbstractBaseUser, name: str, query: str, digest: str) -> SavedSearch:
    """Save a search (checked by `check_saved_search_create`); its digests are written in today's language."""
    return SavedSearch.objects.create(user=user, name=name, query=query, digest=digest,
                                      language=translation.get_language() or settings.LANGUAGE_CODE)


def saved_search_set_digest(*, saved: SavedSearch, digest: str) -> None:
    """Change how often the digest goes (OFF stops it); switched on again, it sends what is new since the last."""
    saved.digest = digest
    saved.save(update_fields=["digest"])


def unsubscribe_token(saved: SavedSearch) -> str:
    """A token that stops this search's digests without signing in (the e-mail's unsubscribe link)."""
    return signing.dumps(saved.pk, salt=UNSUBSCRIBE_SALT)


def saved_search_for_token(token: str) -> SavedSearch | None:
    """The saved search an unsubscribe token names; None for a forged token or a deleted search."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return SavedSearch.objects.filter(pk=pk).first() if isinstance(pk, int) else None


def due(now: datetime) -> QuerySet[SavedSearch]:
    """Saved searches whose digest is due at `now`, of active users with an e-mail address."""
    when = Q()
    for frequency, interval in INTERVALS.items():
        when |= Q(digest=frequency, checked_at__lte=now - interval + DUE_MARGIN)
    return SavedSearch.objects.filter(when, user__is_active=True).exclude(user__email="")


def new_matches(saved: SavedSearch) -> list[Hit]:
    """The newest matches of `saved` ingested after it was saved and not yet sent in one of its digests."""
    try:
        params = search_params(saved.query)
    except ValidationError:  # saved by an older version that accepted it: nothing to send, nothing to fail
        log.warning("saved search %s has an invalid query %r", saved.pk, saved.query)
        return []
    hits = [hit for hit in newest_matches(params, DIGEST_MAX_ARTICLES) if hit.article.ingested_at >= saved.created_at]
    sent = set(DigestItem.objects.filter(saved_search=saved, article_id__in=[hit.article.pk for hit in hits])
               .values_list("article_id", flat=True))
    return [hit for hit in hits if hit.article.pk not in sent]


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def digest_message(saved: SavedSearch, hits: list[Hit]) -> EmailMessage:
    """The digest e-mail of `hits` for `saved`, in the language it was saved in, with a one-click unsubscribe."""
    unsubscribe = _absolute(reverse("unsubscribe", args=[unsubscribe_token(saved)]))
    with translation.override(saved.language):
        subject = ngettext("Telusur: %(count)d artikel baru untuk “%(name)s”",
                           "Telusur: %(count)d artikel baru untuk “%(name)s”", len(hits)) % {
            "count": len(hits), "name": saved.name}
        body = render_to_string("emails/digest.txt", {
            "saved": saved,
            "entries": [(hit.article, _absolute(hit.article.get_absolute_url()), snippet_text(hit.snippet))
                        for hit in hits],
            "search_url": _absolute(saved.get_absolute_url()),
            "manage_url": _absolute(reverse("saved-searches")),
            "unsubscribe_url": unsubscribe,
        })
    # RFC 8058: mail programs offer their own unsubscribe button, which POSTs to the link.
    headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return EmailMessage(subject, body, to=[saved.user.email], headers=headers)


def digest_send(*, pk: int, now: datetime) -> int:
    """Send the digest of saved search `pk` if it is still due and no other worker holds it; how many articles
    it listed (0: none new, or not sent). The articles are recorded in the same transaction."""
    with transaction.atomic():
        saved = due(now).filter(pk=pk).select_related("user").select_for_update(skip_locked=True, of=("self",)).first()
        if saved is None:
            return 0
        hits = new_matches(saved)
        if hits:
            digest_message(saved, hits).send()
            DigestItem.objects.bulk_create([DigestItem(saved_search=saved, article=hit.article) for hit in hits],
                                           ignore_conflicts=True)
            saved.last_sent_at = now
        saved.checked_at = now
        saved.save(update_fields=["checked_at", "last_sent_at"])
        return len(hits)


def send_due_digests(now: datetime | None = None) -> int:
    """Send every digest that is due; returns how many e-mails went out."""
    now = now or timezone.now()
    sent = 0
    for pk in due(now).values_list("pk", flat=True):
        try:
            sent += digest_send(pk=pk, now=now) > 0
        except OSError:  # the mail server refused or is away (smtplib's errors are OSErrors): retried next run
            log.exception("digest of saved search %s not sent", pk)
    return sent


@task()
def send_digests_task() -> int:
    """Send the saved-search digests that are due; returns how many e-mails went out (for the task workers)."""
    return send_due_digests()
