"""Public URLs of the programmes app (feeds, downloads); pages are served by Wagtail."""

from django.urls import path

from programmes import feeds

app_name = "programmes"
urlpatterns = [
    path("agenda.ics", feeds.all_events, name="ical"),
    path("agenda/programme/<slug:slug>.ics", feeds.programme_events, name="programme_ical"),
    path("agenda/evenement/<int:page_id>.ics", feeds.event_download, name="event_ical"),
    path("agenda/date/<uuid:uuid>.ics", feeds.occurrence_download, name="occurrence_ical"),
]
