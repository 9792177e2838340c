from django.contrib import admin
from django.urls import include, path

# The API answers its errors in JSON, the pages with Telusur's own error pages.
handler404 = "articles.views.not_found"
handler500 = "articles.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("articles.urls")),
]
