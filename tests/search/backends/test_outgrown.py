"""`manage.py check` advises the PostgreSQL backend once the Whoosh index passes WHOOSH_MAX_DOCUMENTS."""

import pytest
from django.core.checks import run_checks
from django.test import override_settings

pytestmark = pytest.mark.django_db


def _advice() -> list[str]:
    return [message.msg for message in run_checks() if message.id == "telusur.W001"]


def test_a_whoosh_index_past_its_size_is_told_to_switch(indexed_seeds):
    with override_settings(WHOOSH_MAX_DOCUMENTS=4):
        (advice,) = _advice()
    assert advice.startswith("the Whoosh index holds 5 articles, more than WHOOSH_MAX_DOCUMENTS (4)")
    assert "SEARCH_BACKEND=postgres" in advice
    for limit in (5, 0):  # at the limit, and with the advice turned off
        with override_settings(WHOOSH_MAX_DOCUMENTS=limit):
            assert _advice() == []


def test_postgres_and_an_empty_index_have_no_advice(seeds, search_index, settings):
    settings.WHOOSH_MAX_DOCUMENTS = 1
    assert _advice() == []  # the index is empty: nothing indexed yet
    search_index.fill()
    with override_settings(SEARCH_BACKEND="postgres"):
        assert _advice() == []
