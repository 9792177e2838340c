"""Slugs of new entities: given for a whole batch at once, exactly as one at a time would give them."""

import pytest

from articles.entities.identity import entity_slug_free, entity_slugs_free
from articles.models import Entity, EntitySlug

NAMES = ["Telegraf", "Telegraf 2", "TELEGRAF", "Oso", "OSO", "Oso.", "Sultan_Hamid", "Rusia", "Rusia Baru",
         "100% Persen", "!!!", "Ñusantara", "Telegraf-3"]


@pytest.mark.parametrize("order", [NAMES, NAMES[::-1]])
def test_a_batch_gets_the_slugs_creating_its_entities_one_at_a_time_would_give(db, order):
    telegraf = Entity.objects.create(name="Telegraf Lama", slug="telegraf", type="organization")
    Entity.objects.create(name="Telegraf Dua", slug="telegraf-2", type="organization")
    EntitySlug.objects.create(slug="telegraf-4", entity=telegraf)  # an old address stays reserved
    EntitySlug.objects.create(slug="oso", entity=telegraf)
    Entity.objects.create(name="Entitas", slug="entitas", type="person")
    Entity.objects.create(name="Sultan", slug="sultan_hamid-2", type="person")  # not a clash of "sultan_hamid"

    batch = entity_slugs_free(order)

    one_at_a_time = {}
    for name in order:
        one_at_a_time[name] = entity_slug_free(name)
        Entity.objects.create(name=name, slug=one_at_a_time[name], type="person")
    assert batch == one_at_a_time
    assert not {"telegraf", "telegraf-2", "telegraf-4", "oso", "entitas", "sultan_hamid-2"} & set(batch.values())
    assert len(set(batch.values())) == len(order)


def test_an_empty_batch_asks_nothing(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert entity_slugs_free([]) == {}


def test_a_large_batch_takes_a_few_queries(db, django_assert_max_num_queries):
    Entity.objects.bulk_create([Entity(name=f"Nama {n}", slug=f"nama-{n}", type="person") for n in range(300)])
    with django_assert_max_num_queries(6):
        slugs = entity_slugs_free([f"Nama {n}" for n in range(300)] + [f"Baru {n}" for n in range(300)])
    assert slugs["Nama 7"] == "nama-7-2" and slugs["Baru 7"] == "baru-7"
