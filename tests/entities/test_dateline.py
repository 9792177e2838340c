"""The dateline's place is linked as the article's location: the kicker links to the place's entity page."""

import pytest
from django.urls import reverse

from articles.entities.gazetteer import load_default_gazetteer
from articles.entities.link import dateline_place
from articles.models import Article, Entity

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("dateline, place", [
    ("BERLIN", "Berlin"),
    ("Brussels", "Brussel"),  # an English spelling, an alias of the Indonesian name
    ("JAKARTA", "Jakarta"),
    ("  Jakarta ", "Jakarta"),
    ("KPK", None),  # known, but not a place
    ("Kota Antah Berantah", None),  # not known
    ("", None),
])
def test_a_dateline_names_a_known_place_or_nothing(dateline, place):
    assert dateline_place(dateline, load_default_gazetteer()) == place


def test_ingest_links_the_seeds_datelines_to_their_places(seeds):
    linked = {article.source.slug: (article.dateline, article.dateline_entity)
              for article in Article.objects.select_related("source", "dateline_entity")}
    assert linked["bali-post"][1].name == "Berlin" and linked["bali-post"][1].type == "location"
    assert linked["medcom"][1].name == "Brussel"
    assert all(entity is None for dateline, entity in linked.values() if not dateline)


def test_the_kicker_links_the_place_unless_it_is_hidden(client, seeds):
    article = Article.objects.get(source__slug="bali-post")
    place = article.dateline_entity
    assert f'href="{place.get_absolute_url()}"' in client.get(article.get_absolute_url()).text
    place.hidden = True
    place.save()  # as the admin does: the cached page is renewed
    page = client.get(article.get_absolute_url()).text
    assert place.get_absolute_url() not in page and article.dateline in page


def test_the_api_gives_the_dateline_and_its_place(client, seeds):
    berlin = client.get(reverse("api-article", args=[Article.objects.get(source__slug="bali-post").pk])).json()
    assert berlin["dateline"] == "Berlin"
    assert berlin["dateline_place"] == {"name": "Berlin", "slug": "berlin"}
    undated = Article.objects.filter(dateline="").first()
    assert client.get(reverse("api-article", args=[undated.pk])).json()["dateline_place"] is None


def test_a_places_page_lists_the_articles_filed_from_it(client, seeds):
    article = Article.objects.get(source__slug="bali-post")
    page = client.get(article.dateline_entity.get_absolute_url()).text
    assert "Diberitakan dari Berlin" in page and article.get_absolute_url() in page
    person = Entity.objects.get(slug="jens-stoltenberg")
    assert "Diberitakan dari" not in client.get(person.get_absolute_url()).text


def test_the_place_panel_reads_in_english(client, seeds):
    place = Article.objects.get(source__slug="bali-post").dateline_entity
    page = client.get(place.get_absolute_url(), headers={"accept-language": "en"}).text
    assert "Reported from Berlin" in page
