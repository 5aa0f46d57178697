"""Reads of the public catalogue: the works index and its filters, the artists index and the
month's selection of the « Un mois, une œuvre » page.

Each runs a fixed number of queries whatever the size of the collection: the pages slice in
the database and prefetch what a card shows (renditions included)."""

import datetime

from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from artworks.image_rights import forbidden_image_ids
from artworks.models import Artist, Artwork, Placement
from artworks.selectors import (
    CARD_RENDITIONS,
    PORTRAIT_RENDITIONS,
    _placements_with_cards,
    add_months,
    images_with,
    month_start,
)

# How many cards the programme page shows for the month; the rest is one link away.
PROGRAMME_CARDS = 12
# How many placements of the coming months the programme page announces.
UPCOMING_LINES = 8


def public_works(today=None):
    """Works with what a card shows: image renditions, artists and where it is on show."""
    today = today or timezone.localdate()
    return Artwork.objects.prefetch_related(
        Prefetch("image", queryset=images_with(*CARD_RENDITIONS)),
        Prefetch("artists", queryset=Artist.objects.order_by("name")),
        Prefetch(
            "placements",
            queryset=Placement.objects.current(today).select_related("venue__commune"),
            to_attr="current_placements",
        ),
    ).order_by("title", "inventory_number")


def filter_works(
    works, *, artist="", series="", technique="", on_show=False, commune="", today=None
):
    """The works index's filters; ``commune`` (an INSEE code) means « on show there now »."""
    today = today or timezone.localdate()
    if artist:
        works = works.filter(pk__in=artists_matching(artist).values("artworks"))
    if series:
        works = works.filter(series=series)
    if technique:
        works = works.filter(technique=technique)
    if on_show or commune:
        current = Placement.objects.current(today)
        if commune:
            current = current.filter(venue__commune__insee_code=commune)
        works = works.filter(pk__in=current.values("artwork"))
    return works


ARTIST_SUGGESTIONS = 20  # the artists suggested by the works index's artist field


def artists_matching(text):
    """The artists of some work whose page slug is ``text`` (a link from an artist's page) or
    whose name contains it (what a visitor types)."""
    return Artist.objects.filter(
        Q(slug=text) | Q(name__icontains=text),
        pk__in=Artwork.artists.through.objects.values("artist"),
    )


def work_filter_options(today=None):
    """The values the works index offers to filter by: only those that match some work."""
    from places.models import Commune

    today = today or timezone.localdate()
    return {
        # A bounded few: artists with works on show now (the field takes any name).
        "artists": list(
            Artist.objects.filter(
                pk__in=Placement.objects.current(today).values("artwork__artists")
            )
            .order_by("name")
            .values_list("slug", "name")[:ARTIST_SUGGESTIONS]
        ),
        "series": list(
            Artwork.objects.exclude(series="")
            .order_by("series")
            .values_list("series", flat=True)
            .distinct()
        ),
        "techniques": list(
            Artwork.objects.exclude(technique="")
            .order_by("technique")
            .values_list("technique", flat=True)
            .distinct()
        ),
        "communes": list(
            Commune.objects.filter(pk__in=Placement.objects.current(today).values("venue__commune"))
            .order_by("name")
            .values_list("insee_code", "name")
        ),
    }


def public_artists():
    """Artists who have works in the collection, each with the number of its works and the id
    of one work whose image may stand for them when they have no portrait."""
    showable = (
        Artwork.objects.filter(
            artists=OuterRef("pk"), public_display_allowed=True, image__isnull=False
        )
        .exclude(image_id__in=forbidden_image_ids())
        .order_by("-year", "inventory_number")
    )
    return (
        Artist.objects.annotate(
            work_count=Count("artworks"), card_work_id=Subquery(showable.values("pk")[:1])
        )
        .filter(work_count__gt=0)
        .select_related("portrait")
        .order_by("name")
    )


def attach_card_images(artists):
    """Give each artist of a page its ``card_work`` (a work with a showable image) and load the
    renditions of the portraits and of those works: three queries for the whole page."""
    from home.private_media import is_private_name

    portrait_ids = [a.portrait_id for a in artists if a.portrait_id]
    portraits = images_with(*PORTRAIT_RENDITIONS).in_bulk(portrait_ids) if portrait_ids else {}
    work_ids = [a.card_work_id for a in artists if a.card_work_id]
    works = (
        Artwork.objects.prefetch_related(
            Prefetch("image", queryset=images_with(*CARD_RENDITIONS))
        ).in_bulk(work_ids)
        if work_ids
        else {}
    )
    for artist in artists:
        portrait = portraits.get(artist.portrait_id)
        artist.card_portrait = (
            portrait if portrait and not is_private_name(portrait.file.name) else None
        )
        artist.card_work = works.get(artist.card_work_id)
    return artists


def month_programme(today=None, upcoming_days=62, cards=PROGRAMME_CARDS):
    """The works on show this month (from today), grouped by commune, and what comes next.

    At most ``cards`` cards, spread over the communes (each commune's first work, then each
    one's second…), with every commune's count so the page can link to the rest."""
    today = today or timezone.localdate()
    first = month_start(today)
    month_end = add_months(first, 1) - datetime.timedelta(days=1)
    month = Placement.objects.active().filter(end_date__gte=today, start_date__lte=month_end)

    counts = list(
        month.values(code=F("venue__commune__insee_code"), name=F("venue__commune__name"))
        .annotate(works=Count("artwork", distinct=True))
        .order_by("name")
    )
    featured = list(
        _placements_with_cards()
        .filter(pk__in=month.values("pk"))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("venue__commune")],
                order_by=[F("start_date").asc(), F("artwork__title").asc(), F("pk").asc()],
            )
        )
        .order_by("rank", "venue__commune__name", "pk")[:cards]
    )
    groups = []
    position = 0
    for commune in counts:
        placements = sorted(
            (p for p in featured if p.venue.commune.insee_code == commune["code"]),
            key=lambda p: (p.venue.name, p.start_date, p.artwork.title),
        )
        for placement in placements:
            position += 1
            placement.position = position
        groups.append(
            {
                **commune,
                "placements": placements,
                "more": commune["works"] - len(placements),
            }
        )

    upcoming = (
        Placement.objects.active()
        .filter(start_date__gt=month_end, start_date__lte=today + datetime.timedelta(upcoming_days))
        .select_related("artwork", "venue__commune")
        .order_by("start_date", "venue__name", "artwork__title")
    )
    upcoming_lines = list(upcoming[: UPCOMING_LINES + 1])
    return {
        "today": today,
        "month": first,
        "month_end": month_end,
        "commune_groups": groups,
        "month_work_count": sum(c["works"] for c in counts),
        "featured_count": len(featured),
        "upcoming_placements": upcoming_lines[:UPCOMING_LINES],
        "more_upcoming": len(upcoming_lines) > UPCOMING_LINES,
    }
