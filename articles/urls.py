from django.contrib.auth import views as auth_views
from django.urls import path

from articles import api, saved_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("search/feed/", views.search_feed, name="search-feed"),
    path("articles/<int:pk>/<str:slug>/", views.article_detail, name="article"),
    path("entities/<slug:slug>/", views.entity_detail, name="entity"),
    path("entities/<slug:slug>/feed/", views.entity_feed, name="entity-feed"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
    path("saved-searches/", saved_views.saved_searches, name="saved-searches"),
    path("saved-searches/<int:pk>/digest/", saved_views.saved_search_digest, name="saved-search-digest"),
    path("saved-searches/<int:pk>/delete/", saved_views.saved_search_delete, name="saved-search-delete"),
    path("unsubscribe/<str:token>/", saved_views.unsubscribe, name="unsubscribe"),
    path("accounts/login/", auth_views.LoginView.as_view(template_name="login.html"), name="login"),
    path("accounts/logout/", saved_views.SignOut.as_view(), name="logout"),
    path("api/search", api.search_api, name="api-search"),
    path("api/autocomplete", api.autocomplete_api, name="api-autocomplete"),
    path("api/articles/<int:pk>", api.article_api, name="api-article"),
    path("api/entities/<slug:slug>", api.entity_api, name="api-entity"),
    path("api/openapi.json", api.openapi_api, name="api-openapi"),
]
