"""One backend per module, chosen by SEARCH_BACKEND, each implementing the whole protocol."""

import importlib
import inspect

import pytest
from django.test import override_settings

from articles.search import backends
from articles.search.backends.base import SearchBackend

NAMES = ("whoosh", "postgres")
PROTOCOL = [name for name, member in inspect.getmembers(SearchBackend, inspect.isfunction) if not name.startswith("_")]


@pytest.mark.parametrize("name", NAMES)
def test_the_setting_names_the_module_that_serves(name):
    with override_settings(SEARCH_BACKEND=name):
        assert backends.current() is importlib.import_module(f"articles.search.backends.{name}")


@pytest.mark.parametrize("name", NAMES)
def test_each_backend_implements_every_call_of_the_protocol_with_its_parameters(name):
    module = importlib.import_module(f"articles.search.backends.{name}")
    for call in PROTOCOL:
        wanted = list(inspect.signature(getattr(SearchBackend, call)).parameters)[1:]  # without self
        assert list(inspect.signature(getattr(module, call)).parameters) == wanted, (name, call)
