"""The Whoosh document of an article (haystack finds it here): text fields weighted title > entities > body, plus
filter fields."""

from django.utils import timezone
from haystack import indexes

from articles.models import Article
from articles.search.analysis import exact_analyzer, indonesian_analyzer
from articles.search.documents import KEYWORD_FIELD_TYPE, indexed_articles, visible_entities
from articles.search.stories import story_of


class KeywordField(indexes.CharField):
    """A field indexed verbatim, for filters and facets."""

    field_type = KEYWORD_FIELD_TYPE


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    # Bodies are read from PostgreSQL, so the index keeps only the terms of the long fields.
    text = indexes.CharField(document=True, analyzer=indonesian_analyzer(), stored=False)
    title = indexes.CharField(model_attr="title", boost=3.0, analyzer=indonesian_analyzer())
    entities = indexes.CharField(boost=2.0, analyzer=indonesian_analyzer(), stored=False)
    captions = indexes.CharField(boost=0.3, analyzer=indonesian_analyzer(), stored=False)
    exact = indexes.CharField(analyzer=exact_analyzer(), stored=False)
    source = KeywordField(model_attr="source__slug")
    entity = indexes.MultiValueField()
    entity_type = indexes.MultiValueField()
    month = KeywordField()
    day = KeywordField()  # Jakarta's calendar day, for the date histogram
    published = indexes.DateTimeField(model_attr="published", null=True)
    # "<cluster>:<place>" for an article with copies elsewhere (search shows one copy per story), else "".
    story = KeywordField()

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return indexed_articles()

    def read_queryset(self, using=None):
        return Article.objects.select_related("source")

    def prepare_text(self, obj: Article) -> str:
        return obj.body

    def prepare_captions(self, obj: Article) -> str:
        return "\n\n".join(obj.captions)

    def prepare_exact(self, obj: Article) -> str:
        return f"{obj.title}\n\n{obj.body}"

    def prepare_entities(self, obj: Article) -> str:
        return " ; ".join(entity.name for entity in visible_entities(obj))

    def prepare_entity(self, obj: Article) -> list[str]:
        return [entity.slug for entity in visible_entities(obj)]

    def prepare_entity_type(self, obj: Article) -> list[str]:
        return sorted({entity.type for entity in visible_entities(obj)})

    def prepare_month(self, obj: Article) -> str:
        # Jakarta's month, as the PostgreSQL backend counts it: a date-only article stored at midnight WIB on the
        # 1st is in UTC still in the month before.
        return timezone.localtime(obj.published).strftime("%Y-%m") if obj.published else ""

    def prepare_day(self, obj: Article) -> str:
        return timezone.localtime(obj.published).strftime("%Y-%m-%d") if obj.published else ""

    def prepare_story(self, obj: Article) -> str:
        story = story_of(obj)
        return f"{story[0]}:{story[1]}" if story else ""
