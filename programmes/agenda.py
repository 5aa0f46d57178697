"""The programmes' dates on the public agenda (home.agenda): every public occurrence of a
public event page, under its programme."""

from django.utils import timezone

from home.agenda import AgendaItem, AgendaProgramme, AgendaSource, page_path
from home.visibility import public_pages


class OccurrenceSource(AgendaSource):
    key = "occurrence"
    start_field = "start"

    def programmes(self, request=None):
        from programmes.models import ProgrammePage

        pages = public_pages(ProgrammePage.objects.all()).only("title", "slug", "theme", "url_path")
        return [
            AgendaProgramme(
                slug=page.slug, title=page.title, theme=page.theme, url=page_path(page, request)
            )
            for page in pages.order_by("title")
        ]

    def queryset(self, filters, programmes):
        from programmes.models import Occurrence

        queryset = Occurrence.objects.public()
        if filters.programmes:
            mine = [p.slug for p in programmes if p.slug in filters.programmes]
            if not mine:
                return queryset.none()
            queryset = queryset.filter(event__programme__slug__in=mine)
        if filters.theme:
            queryset = queryset.filter(event__programme__theme=filters.theme)
        if filters.audience_slug:
            queryset = queryset.filter(event__audience__slug=filters.audience_slug)
        if filters.communes:
            queryset = queryset.filter(commune__insee_code__in=filters.communes)
        if filters.venues:
            queryset = queryset.filter(venue__code__in=filters.venues)
        if filters.start is not None:
            queryset = queryset.filter(end__gte=filters.start)
        if filters.end is not None:
            queryset = queryset.filter(start__lt=filters.end)
        return queryset

    def items(self, queryset, programmes, request=None):
        """Two queries: the dates with their places, then their events (a few dozen), each
        built once rather than once per date — a Wagtail page costs far more to build than a
        row (1,000 dates of a feed: about 0.7 s less, tests/bench/feeds.py)."""
        from programmes.models import EventPage

        by_slug = {p.slug: p for p in programmes}
        occurrences = list(
            queryset.select_related("venue__commune", "commune").order_by("start", "pk")
        )
        # By a subquery rather than the ids: one query whether there are dates or none.
        events = {
            event.pk: event
            for event in EventPage.objects.select_related("programme", "audience").filter(
                pk__in=queryset.order_by().values("event_id")
            )
        }
        for occurrence in occurrences:
            occurrence.event = events[occurrence.event_id]
        return [self.item(o, by_slug, request) for o in occurrences]

    @staticmethod
    def item(occurrence, programmes_by_slug, request=None):
        from django.urls import reverse

        event = occurrence.event
        programme = None
        if event.programme_id:
            programme = programmes_by_slug.get(event.programme.slug) or AgendaProgramme(
                slug=event.programme.slug, title=event.programme.title, theme=event.programme.theme
            )
        commune = occurrence.place_commune
        description = event.summary
        if occurrence.note:
            description = f"{occurrence.note}\n\n{description}"
        return AgendaItem(
            kind=OccurrenceSource.key,
            pk=occurrence.pk,
            uid=occurrence.ical_uid,
            start=occurrence.start,
            end=occurrence.end,
            title=event.title,
            url=page_path(event, request),
            programme=programme,
            venue_name=occurrence.venue.name if occurrence.venue_id else "",
            place_label=occurrence.place_label,
            commune_code=commune.insee_code if commune else "",
            commune_name=commune.name if commune else "",
            audience=event.audience.name if event.audience_id else "",
            description=description,
            note=occurrence.note,
            is_cancelled=occurrence.is_cancelled,
            is_full=occurrence.is_full,
            sequence=occurrence.sequence,
            created=occurrence.created_at,
            last_modified=max(occurrence.updated_at, event.last_published_at or timezone.now()),
            download_url=reverse("programmes:occurrence_ical", args=[occurrence.uuid]),
        )


def agenda_page_url(request=None):
    """The first public agenda page's URL, ``""`` without one (home.agenda.agenda_page_url)."""
    from programmes.models import CalendarPage

    page = public_pages(CalendarPage.objects.all()).order_by("path").first()
    return page.get_url(request) if page else ""
