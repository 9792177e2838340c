from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _data_changed(sender, **kwargs) -> None:
    from articles import memo

    memo.changed()


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Berita")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from articles import checks  # noqa: F401  (registers the system checks)
        from articles.models import Alias, Article, Entity, EntitySlug, Source, StoryCluster
        from articles.search import analysis, vocabulary

        # Every process (web, ingest, reindex, rebuild_index) protects the same names at index and query time.
        analysis.read_protected_words_from(vocabulary.protected_words)
        # What reader pages show starts a new generation of cached pages when it changes. Mentions are left out:
        # every change of them rewrites the article's search document, and that write starts one too (a receiver
        # would also stop Django from deleting mentions in bulk without loading them).
        for model in (Source, Article, StoryCluster, Entity, EntitySlug, Alias):
            post_save.connect(_data_changed, sender=model, dispatch_uid=f"memo-{model.__name__}-saved")
            post_delete.connect(_data_changed, sender=model, dispatch_uid=f"memo-{model.__name__}-deleted")
