"""Security settings: deploy checks, headers and CSP, admin behind login with CSRF, editor role, rate limit."""

import os
import subprocess

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from articles.models import Article
from articles.roles import EDITOR_GROUP, editor_codenames
from tests.robustness.conftest import PYTHON, ROOT

PRODUCTION = {
    "DEBUG": "false",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "SECURE_COOKIES": "true",
    "ALLOWED_HOSTS": "telusur.example",
    "SECRET_KEY": "k" * 10 + "production-secret-key-with-enough-variety-0123456789-abcdefghij",
    "MAILER": "smtp",  # the default prints e-mails, which the deploy checks rightly refuse
}
PASSWORD = "kata-sandi-yang-panjang-2024"


def test_check_deploy_is_clean_with_production_settings():
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment must not have it.
    unwanted = {"SECRET_KEY_FILE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in unwanted} | PRODUCTION
    result = subprocess.run([PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_pages_carry_the_security_headers_and_a_strict_csp(client):
    response = client.get(reverse("home"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'none'"
    for directive in ("script-src", "style-src", "img-src", "font-src", "connect-src", "form-action"):
        assert policy[directive] == "'self'", directive
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_api_carries_the_csp_too(client):
    assert "default-src 'none'" in client.get(reverse("api-search"), {"q": "x"})["Content-Security-Policy"]


def test_cookies_are_secure_unless_debug():
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE and settings.SESSION_COOKIE_HTTPONLY
    assert settings.SECURE_HSTS_SECONDS > 0


@pytest.mark.django_db
def test_the_admin_needs_a_login(client):
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_the_login_form_refuses_a_post_without_csrf_token():
    get_user_model().objects.create_user("redaktur", password=PASSWORD, is_staff=True)
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "redaktur", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("redaktur", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    return user


def test_the_editor_group_holds_exactly_the_curation_permissions(db):
    group = Group.objects.get(name=EDITOR_GROUP)
    assert sorted(group.permissions.values_list("codename", flat=True)) == sorted(editor_codenames())


def test_an_editor_curates_without_being_a_superuser(client, editor, seeds):
    client.force_login(editor)
    article = seeds[0]
    assert not editor.is_superuser
    for name in ("articles_article_changelist", "articles_entity_changelist", "articles_source_changelist",
                 "articles_alias_changelist", "articles_ingestfailure_changelist"):
        assert client.get(reverse(f"admin:{name}")).status_code == 200, name
    assert client.get(reverse("admin:articles_article_change", args=[article.pk])).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert client.get(reverse("admin:articles_article_add")).status_code == 403


def test_staff_without_the_editor_group_can_change_nothing(client, seeds):
    reader = get_user_model().objects.create_user("pembaca", password=PASSWORD, is_staff=True)
    client.force_login(reader)
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 403
    assert client.get(reverse("admin:articles_article_change", args=[seeds[0].pk])).status_code == 403
    assert Article.objects.count() == 5


def test_login_attempts_are_rate_limited(client, editor):
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(url, {"username": "redaktur", "password": "salah"}).status_code == 200
    assert client.post(url, {"username": "redaktur", "password": "salah"}).status_code == 429
    # Locked out: even the right password is refused until the cool-off ends.
    locked = client.post(url, {"username": "redaktur", "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another user from the same address is not locked out by someone else's failures.
    get_user_model().objects.create_user("lain", password=PASSWORD, is_staff=True)
    assert client.post(url, {"username": "lain", "password": PASSWORD}).status_code == 302


def test_a_successful_login_resets_the_count(client, editor):
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(url, {"username": "redaktur", "password": "salah"})
    assert client.post(url, {"username": "redaktur", "password": PASSWORD}).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(url, {"username": "redaktur", "password": "salah"}).status_code == 200
