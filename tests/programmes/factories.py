"""Builders for the programmes tests: pages go through Wagtail's tree API."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from home.models import HomePage
from places.models import Commune  # noqa: F401 (re-exported for tests)
from programmes.models import (
    Audience,
    CalendarPage,
    Edition,
    EventPage,
    EventPlannedDate,
    ProgrammeIndexPage,
    ProgrammePage,
    Recurrence,
    Theme,
)
from programmes.services import sync_occurrences


def paris(year, month, day, hour=0, minute=0):
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def programme_index():
    index = ProgrammeIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.get()
        index = home.add_child(
            instance=ProgrammeIndexPage(
                title="Nos programmes", slug="programmes", show_in_menus=True
            )
        )
    return index


def calendar_page():
    page = CalendarPage.objects.first()
    if page is None:
        page = HomePage.objects.get().add_child(
            instance=CalendarPage(title="Agenda", slug="agenda", show_in_menus=True)
        )
    return page


def audience(name="Seniors", slug="seniors"):
    return Audience.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def programme(title="Giga Séniors", slug=None, theme=Theme.PREVENTION, live=True, **fields):
    from django.utils.text import slugify

    page = ProgrammePage(
        title=title,
        slug=slug or slugify(title),
        summary=f"Résumé de {title}.",
        theme=theme,
        live=live,
        **fields,
    )
    return programme_index().add_child(instance=page)


def event(parent, title="Forum", start=None, end=None, planned=(), **fields):
    from django.utils.text import slugify

    start = start or paris(2030, 3, 5, 14)
    end = end or start + timedelta(hours=2)
    fields.setdefault("summary", f"{title} : une rencontre.")
    fields.setdefault("slug", slugify(title))
    page = EventPage(title=title, starts_at=start, ends_at=end, **fields)
    for day, start_time, end_time, extra in planned:
        page.planned_dates.add(
            EventPlannedDate(date=day, start_time=start_time, end_time=end_time, **extra)
        )
    page = parent.add_child(instance=page)
    sync_occurrences(page)  # as the admin's create hook does
    return page


def weekly_event(parent, title="Atelier mémoire", start=None, until=date(2030, 4, 30), **fields):
    return event(
        parent,
        title=title,
        start=start or paris(2030, 3, 5, 14),
        recurrence=Recurrence.WEEKLY,
        repeat_until=until,
        **fields,
    )


def stop(day, venue=None, address="", commune=None, start=time(9, 30), end=time(16, 30)):
    extra = {"venue": venue, "address": address, "commune": commune}
    return (day, start, end, extra)


def edition(programme_page, name="Édition 2030", start=date(2030, 1, 1), end=date(2030, 6, 30)):
    return Edition.objects.create(
        programme=programme_page, name=name, start_date=start, end_date=end
    )
