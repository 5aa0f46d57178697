"""Builders for attendance tests: past sessions at a venue, with the programme's breakdowns."""

from datetime import timedelta

from django.utils import timezone

from tests.programmes import factories as f


def culottees():
    return f.programme("Toutes culottées", breakdown_school_level=True, breakdown_gender=True)


def past_session(programme, venue, days_ago=3, title=None, capacity=None, **fields):
    start = timezone.now() - timedelta(days=days_ago, hours=2)
    event = f.event(
        programme,
        title=title or f"Séance {venue.code} {days_ago}",
        start=start,
        venue=venue,
        capacity=capacity,
        is_public=False,
        **fields,
    )
    return event.occurrences.get()


def culottees_parts(levels=(0, 10, 10, 5), girls=25, boys=0, unknown=0):
    data = dict(zip(("6e", "5e", "4e", "3e"), levels, strict=True))
    parts = {("school_level", level): n for level, n in data.items()}
    parts[("school_level", "inconnu")] = 0
    parts.update(
        {("gender", "filles"): girls, ("gender", "garcons"): boys, ("gender", "inconnu"): unknown}
    )
    return parts
