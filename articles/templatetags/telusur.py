"""Template helpers that only format: the HTML itself is built by articles.rendering."""

from django import template

from articles.rendering import render_snippet

register = template.Library()


@register.filter
def snippet_html(pieces):
    return render_snippet(pieces)
