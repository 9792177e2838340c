"""Run as a separate process by test_concurrency: edit article titles through the real admin change form.

    python -m tests.robustness.admin_editor PREFIX ID...
"""

import sys
from html.parser import HTMLParser


class FormReader(HTMLParser):
    """The submit data of the <form id=...> in a page, as a browser would send it."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.data: list[tuple[str, str]] = []
        self._in_form = self._done = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None
        self._selected = False

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form" and attrs.get("id") == self.form_id and not self._done:
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image") or (kind in ("checkbox", "radio")
                                                                   and "checked" not in attrs):
                return
            self.data.append((attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            self.data.append((self._textarea, ""))
        elif tag == "select" and attrs.get("name"):
            self._select, self._first_option, self._selected = attrs["name"], None, False
        elif tag == "option" and self._select is not None:
            if self._first_option is None:
                self._first_option = attrs.get("value", "")
            if "selected" in attrs:
                self.data.append((self._select, attrs.get("value", "")))
                self._selected = True

    def handle_endtag(self, tag):
        if tag == "form" and self._in_form:
            self._in_form, self._done = False, True
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            name, value = self.data[-1]
            self.data[-1] = (name, value + data)


def form_data(html: str, form_id: str) -> dict[str, list[str]]:
    reader = FormReader(form_id)
    reader.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    return data


def main(prefix: str, ids: list[int]) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    user, _ = get_user_model().objects.get_or_create(username=f"editor-{prefix}",
                                                     defaults={"is_staff": True, "is_superuser": True})
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    for pk in ids:
        url = reverse("admin:articles_article_change", args=[pk])
        data = form_data(client.get(url).content.decode(), "article_form")
        data["title"] = [f"{prefix} {pk} {data['title'][0]}"[:500]]
        response = client.post(url, data)
        if response.status_code != 302:
            errors = response.context["adminform"].form.errors if response.context else response.status_code
            raise SystemExit(f"edit of article {pk} refused: {errors}")
    print(f"edited {len(ids)}")


if __name__ == "__main__":
    main(sys.argv[1], [int(pk) for pk in sys.argv[2:]])
