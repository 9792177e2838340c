from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Berita")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from articles import checks  # noqa: F401  (registers the system checks)
        from articles.search import analysis, vocabulary

        # Every process (web, ingest, reindex, rebuild_index) protects the same names at index and query time.
        analysis.read_protected_words_from(vocabulary.protected_words)
