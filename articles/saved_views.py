"""Pages for signed-in users: their saved searches (save, change, delete), signing out, and the digest's unsubscribe
link (which needs no sign-in)."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LogoutView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from articles import digests
from articles.forms import DigestForm, SavedSearchForm
from articles.models import DigestFrequency, SavedSearch
from articles.views import never_cache_response


@login_required
@require_http_methods(["GET", "POST"])
def saved_searches(request: HttpRequest) -> HttpResponse:
    """GET: the user's saved searches. POST: save one (from the search page's form)."""
    form = SavedSearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            query = digests.check_saved_search_create(user=request.user, query=form.cleaned_data["query"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            digests.saved_search_create(user=request.user, name=form.cleaned_data["name"], query=query,
                                        digest=form.cleaned_data["digest"])
            return redirect("saved-searches")
    saved = [(item, DigestForm(initial={"digest": item.digest}, prefix=str(item.pk)))
             for item in SavedSearch.objects.filter(user=request.user)]
    status = 400 if form.errors else 200
    return never_cache_response(render(request, "saved_searches.html", {"saved": saved, "form": form},
                                       status=status))


def _own(request: HttpRequest, pk: int) -> SavedSearch:
    # Another user's search is answered as if it did not exist.
    return get_object_or_404(SavedSearch, pk=pk, user=request.user)


@login_required
@require_POST
def saved_search_digest(request: HttpRequest, pk: int) -> HttpResponse:
    saved = _own(request, pk)
    form = DigestForm(request.POST, prefix=str(pk))
    if form.is_valid():
        digests.saved_search_set_digest(saved=saved, digest=form.cleaned_data["digest"])
    return redirect("saved-searches")


@login_required
@require_POST
def saved_search_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _own(request, pk).delete()
    return redirect("saved-searches")


# The signed token is the credential: a mail program's one-click POST (RFC 8058) carries no CSRF token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (link scanners in mail systems follow links); POST stops the digest. No sign-in."""
    saved = digests.saved_search_for_token(token)
    if saved is None:
        return never_cache_response(render(request, "unsubscribe.html", {"saved": None}, status=404))
    done = request.method == "POST"
    if done and saved.digest != DigestFrequency.OFF:
        digests.saved_search_set_digest(saved=saved, digest=DigestFrequency.OFF)
    return never_cache_response(render(request, "unsubscribe.html", {"saved": saved, "done": done}))


class SignOut(LogoutView):
    """POST signs out; GET (a typed or followed link) asks first, as signing out changes state."""

    http_method_names = ["get", "post", "options"]

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return render(request, "logout.html")
