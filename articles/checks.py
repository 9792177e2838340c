"""System checks (`manage.py check`, and at the start of `runserver` and `migrate`) for how Telusur is deployed."""

from django.core.checks import Warning, register

from articles.search.backends import current


@register()
def search_backend_size(app_configs, **kwargs) -> list[Warning]:
    """telusur.W001 when the index has outgrown its search backend (e.g. Whoosh past WHOOSH_MAX_DOCUMENTS)."""
    reason = current().outgrown()
    return [Warning(reason, hint="README.md, When to switch", id="telusur.W001")] if reason else []
