"""The portal's URLs plus `/__hello`: the cheapest Django response, through the same middleware and workers."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def hello(request):
    return HttpResponse(b"hello", content_type="text/plain")


urlpatterns = [path("__hello", hello), *portal_urlpatterns]
