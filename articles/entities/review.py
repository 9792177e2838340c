"""The entity review queue: what an editor needs on one page to decide about an entity, and the reviewed state."""

from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from articles.models import Alias, Article, Entity, Mention

CONTEXT_WORDS = 6
CONTEXT_MENTIONS = 15


@dataclass(frozen=True)
class MentionInContext:
    """A mention with a few words either side of it, as the article's body has them."""

    article: Article
    before: str
    text: str
    after: str


def _words_before(text: str, count: int) -> str:
    words = text.split()
    return ("… " if len(words) > count else "") + " ".join(words[-count:])


def _words_after(text: str, count: int) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def entity_mentions_in_context(*, entity: Entity, limit: int = CONTEXT_MENTIONS,
                               words: int = CONTEXT_WORDS) -> list[MentionInContext]:
    """Up to `limit` mentions of `entity`, one per article, newest articles first, each with `words` words around."""
    seen: set[int] = set()
    found = []
    mentions = (Mention.objects.filter(entity=entity).select_related("article")
                .order_by("-article__ingested_at", "article_id", "start"))
    for mention in mentions.iterator(chunk_size=limit):
        if mention.article_id in seen:
            continue
        seen.add(mention.article_id)
        body = mention.article.body
        # A paragraph break ends the context: words from the next paragraph say nothing about this one.
        before = body[max(0, mention.start - 300):mention.start].rsplit("\n\n", 1)[-1]
        after = body[mention.end:mention.end + 300].split("\n\n", 1)[0]
        found.append(MentionInContext(article=mention.article, before=_words_before(before, words),
                                      text=body[mention.start:mention.end], after=_words_after(after, words)))
        if len(found) == limit:
            break
    return found


def entity_spellings(*, entity: Entity) -> list[tuple[str, int]]:
    """Each way the entity is written in the articles, with how often, most frequent first."""
    counts = Counter(Mention.objects.filter(entity=entity).values_list("text", flat=True))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def entity_article_count(*, entity: Entity) -> int:
    return Mention.objects.filter(entity=entity).values("article_id").distinct().count()


def alias_conflict(*, name: str, entity: Entity | None) -> Entity | None:
    """The other entity that already has `name` as its name or (recognised) alias, letter case aside, if any.

    Such an alias would make the name mean two entities; ingest would link it to one of them at random.
    """
    others = Entity.objects.exclude(pk=entity.pk) if entity is not None and entity.pk else Entity.objects.all()
    named = others.filter(name__iexact=name.strip()).order_by("pk").first()
    if named is not None:
        return named
    alias = (Alias.objects.filter(name__iexact=name.strip(), blocked=False, entity__in=others)
             .select_related("entity").order_by("pk").first())
    return alias.entity if alias else None


@transaction.atomic
def entities_review(*, entities: QuerySet[Entity], reviewed: bool = True) -> int:
    """Mark entities as reviewed (or back in the queue); returns how many changed state."""
    return entities.exclude(reviewed=reviewed).update(reviewed=reviewed)
