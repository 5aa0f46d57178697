"""Public URLs of the artworks app (feeds, downloads); pages are served by Wagtail."""

from django.urls import path

from artworks import feeds

app_name = "artworks"
urlpatterns = [
    path("agenda/mediation/<int:pk>.ics", feeds.session_download, name="session_ical"),
]
