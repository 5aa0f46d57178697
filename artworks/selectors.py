"""Reads shared by the public pages and the admin planning: each runs a fixed number of
queries whatever the number of works and placements (prefetching, renditions included)."""

import datetime
from collections import defaultdict

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from wagtail.images import get_image_model

from artworks.models import Artist, Artwork, MediationSession, Placement

# Rendition filters used by the public templates: prefetched so a listing costs no query per
# image (keep in step with the {% srcset_image %} tags in templates/artworks/includes/).
CARD_RENDITIONS = ("fill-400x300", "fill-800x600")
DETAIL_RENDITIONS = ("max-480x360", "max-960x720")
PORTRAIT_RENDITIONS = ("fill-240x240", "fill-480x480")

# Bounded lists (issue #16, a page's size does not grow with the collection): each list shows
# its first items and its total, with a link onward where one exists.
VENUE_CARDS = 8  # a venue's works on show now, and planned there
VENUE_PAST_LINES = 20  # « Déjà exposées ici »
WORK_PLACEMENT_LINES = 20  # a work's planned and past venues
WORK_SESSIONS = 10  # a work's next public mediation sessions (then the agenda)
ARTIST_WORKS = 12  # an artist's works (then the works index filtered by the artist)
ARTIST_WORK_PLACEMENTS = (
    3  # per work on an artist's page: where it is and goes next (then its page)
)
DIRECTORY_WORKS_PER_VENUE = 5  # the works listed under each venue of the directory


def images_with(*filters):
    return get_image_model().objects.prefetch_renditions(*filters)


def _placements_with_cards():
    return (
        Placement.objects.active()
        .select_related("artwork", "venue__commune")
        .prefetch_related(
            Prefetch("artwork__image", queryset=images_with(*CARD_RENDITIONS)),
            "artwork__artists",
        )
    )


def _placement_counts(placements, today):
    """How many of ``placements`` are on show ``today``, planned and past: one query."""
    return placements.aggregate(
        current=Count("pk", filter=Q(start_date__lte=today, end_date__gte=today)),
        upcoming=Count("pk", filter=Q(start_date__gt=today)),
        past=Count("pk", filter=Q(end_date__lt=today)),
    )


def artwork_detail(slug, today=None, now=None):
    today = today or timezone.localdate()
    now = now or timezone.now()
    artwork = (
        Artwork.objects.prefetch_related(
            Prefetch("image", queryset=images_with(*DETAIL_RENDITIONS)),
            "artists",
        )
        .filter(slug=slug)
        .first()
    )
    if artwork is None:
        return None
    placements = Placement.objects.active().filter(artwork=artwork)
    with_venue = placements.select_related("venue__commune")
    sessions = (
        MediationSession.objects.upcoming(now)
        .filter(placement__artwork=artwork, is_public=True)
        .exclude(placement__status="cancelled")
    )
    counts = _placement_counts(placements, today)
    return {
        "artwork": artwork,
        "current_placement": with_venue.filter(start_date__lte=today, end_date__gte=today)
        .order_by("-start_date", "-pk")
        .first(),
        "upcoming_placements": list(
            with_venue.filter(start_date__gt=today).order_by("start_date", "pk")[
                :WORK_PLACEMENT_LINES
            ]
        ),
        "upcoming_more": max(counts["upcoming"] - WORK_PLACEMENT_LINES, 0),
        "past_placements": list(
            with_venue.filter(end_date__lt=today).order_by("-start_date", "-pk")[
                :WORK_PLACEMENT_LINES
            ]
        ),
        "past_more": max(counts["past"] - WORK_PLACEMENT_LINES, 0),
        "upcoming_sessions": list(
            sessions.select_related("placement__venue__commune", "artist").order_by(
                "starts_at", "pk"
            )[:WORK_SESSIONS]
        ),
        "sessions_more": max(sessions.count() - WORK_SESSIONS, 0),
    }


def artist_detail(slug, today=None):
    today = today or timezone.localdate()
    artist = (
        Artist.objects.prefetch_related(
            Prefetch("portrait", queryset=images_with(*PORTRAIT_RENDITIONS)),
        )
        .filter(slug=slug)
        .first()
    )
    if artist is None:
        return None
    works = artist.artworks.order_by("series", "title", "pk")
    open_placements = Placement.objects.active().filter(end_date__gte=today)
    open_count = Subquery(
        open_placements.filter(artwork=OuterRef("pk"))
        .order_by()
        .values("artwork")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )
    first = list(
        works.annotate(open_placements_count=open_count).prefetch_related(
            Prefetch("image", queryset=images_with(*CARD_RENDITIONS)),
            # The next few per work (a window per work, one query), the rest counted.
            Prefetch(
                "placements",
                queryset=open_placements.select_related("venue__commune").order_by(
                    "start_date", "pk"
                )[:ARTIST_WORK_PLACEMENTS],
                to_attr="open_placements",
            ),
        )[:ARTIST_WORKS]
    )
    for work in first:
        work.more_placements = max((work.open_placements_count or 0) - len(work.open_placements), 0)
    return {"artist": artist, "works": first, "works_count": works.count(), "today": today}


def venue_detail(venue, today=None):
    today = today or timezone.localdate()
    cards = _placements_with_cards().filter(venue=venue)
    counts = _placement_counts(Placement.objects.active().filter(venue=venue), today)
    past = Placement.objects.active().filter(venue=venue, end_date__lt=today)
    return {
        "venue": venue,
        "today": today,
        "current_placements": list(
            cards.filter(start_date__lte=today, end_date__gte=today).order_by(
                "-start_date", "artwork__title", "pk"
            )[:VENUE_CARDS]
        ),
        "current_count": counts["current"],
        "upcoming_placements": list(
            cards.filter(start_date__gt=today).order_by("start_date", "artwork__title", "pk")[
                :VENUE_CARDS
            ]
        ),
        "upcoming_more": max(counts["upcoming"] - VENUE_CARDS, 0),
        "past_placements": list(
            past.select_related("artwork").order_by("-start_date", "artwork__title", "pk")[
                :VENUE_PAST_LINES
            ]
        ),
        "past_more": max(counts["past"] - VENUE_PAST_LINES, 0),
    }


def venue_directory(commune_code="", kind="", today=None):
    """Active venues, by commune then name, each with how many works are on show there today
    (``venue.works_on_show_count``) and the first of them by title (``venue.works_on_show``,
    ``venue.works_on_show_more`` for the others), and the communes and kinds that have venues,
    to filter by."""
    from places.models import Commune, Venue, VenueKind

    today = today or timezone.localdate()
    active = Venue.objects.active()
    communes = list(Commune.objects.filter(venues__is_active=True).distinct().order_by("name"))
    present_kinds = set(active.values_list("kind", flat=True).distinct())
    kinds = [(value, label) for value, label in VenueKind.choices if value in present_kinds]
    venues = active.select_related("commune").order_by("commune__name", "name")
    if commune_code:
        venues = venues.filter(commune__insee_code=commune_code)
    if kind:
        venues = venues.filter(kind=kind)
    current = Placement.objects.current(today)
    counted = (
        current.filter(venue=OuterRef("pk"))
        .order_by()
        .values("venue")
        .annotate(total=Count("pk"))
        .values("total")
    )
    venues = venues.annotate(
        works_on_show_count=Coalesce(Subquery(counted, output_field=IntegerField()), 0)
    )
    # The first DIRECTORY_WORKS_PER_VENUE works of each venue, by title: one query.
    first_by_venue = current.filter(venue__in=venues.values("pk")).annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("venue")],
            order_by=[F("artwork__title").asc(), F("pk").asc()],
        )
    )
    on_show = defaultdict(list)
    for placement in (
        first_by_venue.filter(rank__lte=DIRECTORY_WORKS_PER_VENUE)
        .select_related("artwork")
        .prefetch_related("artwork__artists")
        .order_by("artwork__title", "pk")
    ):
        on_show[placement.venue_id].append(placement)
    venues = list(venues)
    for venue in venues:
        venue.works_on_show = on_show[venue.pk]
        venue.works_on_show_more = max(venue.works_on_show_count - len(venue.works_on_show), 0)
    return {
        "today": today,
        "venues": venues,
        "communes": communes,
        "kinds": kinds,
        "selected_commune": next((c for c in communes if c.insee_code == commune_code), None),
        "selected_kind": dict(kinds).get(kind),
        "commune_code": commune_code,
        "kind": kind,
    }


def month_start(day):
    return day.replace(day=1)


def add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def next_month_bounds(today=None):
    """First and last day of the month after ``today``'s."""
    first = add_months(month_start(today or timezone.localdate()), 1)
    return first, add_months(first, 1) - datetime.timedelta(days=1)


def planning_grid(first_month=None, sst=None, commune=None, series="", months=12):
    """Months × venues: the placements of each venue in each month, and the works free in each
    month (no active placement on any of its days). Three queries whatever the data size."""
    from places.models import Venue

    first = month_start(first_month or timezone.localdate())
    month_starts = [add_months(first, i) for i in range(months)]
    period_end = add_months(first, months) - datetime.timedelta(days=1)

    placements = (
        Placement.objects.overlapping(None, first, period_end)
        .select_related("artwork", "venue__commune")
        .order_by("venue__name", "start_date", "artwork__title")
    )
    venues = Venue.objects.select_related("commune__sst")
    if sst:
        placements = placements.filter(venue__commune__sst=sst)
        venues = venues.filter(commune__sst=sst)
    if commune:
        placements = placements.filter(venue__commune=commune)
        venues = venues.filter(commune=commune)
    if series:
        placements = placements.filter(artwork__series=series)
    placements = list(placements)
    if sst or commune:
        venue_list = list(venues.filter(is_active=True).order_by("name"))
    else:
        venue_list = sorted({p.venue for p in placements}, key=lambda v: v.name)

    artworks = Artwork.objects.order_by("series", "title")
    if series:
        artworks = artworks.filter(series=series)
    artworks = list(artworks)
    # Works busy in a month: any active placement anywhere (not only in the filtered area).
    busy = {m: set() for m in month_starts}
    all_placements = Placement.objects.overlapping(None, first, period_end)
    for artwork_id, start, end in all_placements.values_list(
        "artwork_id", "start_date", "end_date"
    ):
        for m in month_starts:
            if start <= add_months(m, 1) - datetime.timedelta(days=1) and end >= m:
                busy[m].add(artwork_id)

    rows = []
    for venue in venue_list:
        cells = []
        for m in month_starts:
            m_end = add_months(m, 1) - datetime.timedelta(days=1)
            cells.append(
                [
                    p
                    for p in placements
                    if p.venue_id == venue.pk and p.start_date <= m_end and p.end_date >= m
                ]
            )
        rows.append({"venue": venue, "cells": cells})
    free = [[a for a in artworks if a.pk not in busy[m]] for m in month_starts]
    return {
        "months": month_starts,
        "rows": rows,
        "free_by_month": free,
        "first_month": first,
        "period_end": period_end,
        "previous_month": add_months(first, -1),
        "next_month": add_months(first, 1),
    }
