"""What the public page cache (home.cache) refreshes when a programme's record changes, and the
tags the programmes' pages declare while they render.

- ``programme:<id>``: what a programme page shows of its events (upcoming dates, reach);
- ``event:<id>``: an event page's dates;
- ``agenda`` / ``agenda:venue=<code>``: the agenda's dates (home.agenda), everywhere or at one
  venue (the venue pages of « Un mois, une œuvre »).
"""

from home import cache
from home.agenda import AGENDA_TAG, venue_tag

EVERY_DATE = (AGENDA_TAG, "agenda:*", "event:*", "programme:*")


def programme_tag(programme_id):
    return f"programme:{programme_id}"


def event_tag(event_id):
    return f"event:{event_id}"


def _event_tags(event):
    """An event page (published, unpublished, saved, moved): its dates wherever they show."""
    from places.models import Venue
    from programmes.models import Occurrence

    venues = Venue.objects.filter(
        pk__in=Occurrence.objects.filter(event_id=event.pk).values("venue_id")
    ).values_list("code", flat=True)
    codes = set(venues)
    if event.venue_id:
        codes.add(event.venue.code)
    return [
        AGENDA_TAG,
        event_tag(event.pk),
        programme_tag(event.programme_id),
        *(venue_tag(code) for code in codes),
    ]


def _occurrence_tags(occurrence):
    return [
        AGENDA_TAG,
        event_tag(occurrence.event_id),
        programme_tag(occurrence.event.programme_id),
        venue_tag(occurrence.venue.code) if occurrence.venue_id else None,
    ]


def register():
    from programmes import models

    cache.register_model(models.EventPage, _event_tags, lambda: EVERY_DATE)
    cache.register_model(models.Occurrence, _occurrence_tags, lambda: EVERY_DATE)
    cache.register_model(
        models.EventPlannedDate, lambda d: [event_tag(d.event_id)], lambda: ("event:*",)
    )
    # A programme's title and theme are on every date of the agenda.
    cache.register_model(
        models.ProgrammePage, lambda p: [AGENDA_TAG, programme_tag(p.pk)], lambda: EVERY_DATE
    )
    cache.register_model(models.ProgrammeIndexPage, lambda p: [], lambda: ())
    cache.register_model(models.CalendarPage, lambda p: [AGENDA_TAG], lambda: (AGENDA_TAG,))
    # The reach figures of the programme pages.
    cache.register_model(
        models.Edition, lambda e: [programme_tag(e.programme_id)], lambda: ("programme:*",)
    )
    for model in (models.EditionTarget, models.EditionClass):
        cache.register_model(model, lambda r: ["programme:*"], lambda: ("programme:*",))
    for model in (models.AttendanceRecord, models.AttendancePart):
        cache.register_model(model, lambda r: ["programme:*"], lambda: ("programme:*",))
    # Never on the public site.
    for model in (
        models.SentReminder,
        models.FollowedSenior,
        models.SeniorContact,
        models.PurgeLog,
    ):
        cache.register_model(model, None)
