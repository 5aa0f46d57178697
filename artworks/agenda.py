"""« Un mois, une œuvre » on the public agenda (home.agenda): the mediation sessions announced to
the public (``is_public``) around works placed in venues, under the programme's public page.

No public page, no session on the agenda: while the « Un mois, une œuvre » page (or one of its
ancestors) is a draft or restricted, its sessions stay off the agenda and every feed. A session
of a cancelled placement is shown cancelled, so that subscribed calendars drop it."""

from datetime import timedelta

from django.db.models import DurationField, F, Func, Prefetch
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from home.agenda import UID_DOMAIN, AgendaItem, AgendaProgramme, AgendaSource, page_path
from home.visibility import public_pages

# The programmes app's theme for culture (programmes.models.reference.Theme.CULTURE), by value:
# artworks does not import programmes.
THEME = "culture"


class MinutesAsDuration(Func):
    """A number of minutes as a duration the database adds to a timestamp: an interval on
    PostgreSQL, microseconds on SQLite (how Django stores durations there)."""

    output_field = DurationField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} * INTERVAL '1 minute')", params

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} * 60000000)", params


def session_end():
    """A session's end, computed in the database: start + duration."""
    return F("starts_at") + MinutesAsDuration(F("duration_minutes"))


class MediationSessionSource(AgendaSource):
    key = "mediation"
    start_field = "starts_at"

    def programmes(self, request=None):
        from artworks.models import ArtworkProgrammePage

        page = (
            public_pages(ArtworkProgrammePage.objects.all())
            .only("title", "slug", "url_path")
            .order_by("path")
            .first()
        )
        if page is None:
            return []
        return [
            AgendaProgramme(
                slug=page.slug, title=page.title, theme=THEME, url=page_path(page, request)
            )
        ]

    def queryset(self, filters, programmes):
        from artworks.models import AudienceType, MediationSession

        if not programmes:  # the programme page is not public: nothing to announce
            return MediationSession.objects.none()
        if filters.programmes and not any(p.slug in filters.programmes for p in programmes):
            return MediationSession.objects.none()
        if filters.theme and filters.theme != THEME:
            return MediationSession.objects.none()
        queryset = MediationSession.objects.filter(is_public=True)
        if filters.audience_name:
            wanted = filters.audience_name.casefold()
            audiences = [
                value for value, label in AudienceType.choices if label.casefold() == wanted
            ]
            if not audiences:
                return MediationSession.objects.none()
            queryset = queryset.filter(audience__in=audiences)
        if filters.communes:
            queryset = queryset.filter(placement__venue__commune__insee_code__in=filters.communes)
        if filters.venues:
            queryset = queryset.filter(placement__venue__code__in=filters.venues)
        if filters.start is not None:
            queryset = queryset.alias(agenda_end=session_end()).filter(
                agenda_end__gte=filters.start
            )
        if filters.end is not None:
            queryset = queryset.filter(starts_at__lt=filters.end)
        return queryset

    def items(self, queryset, programmes, request=None):
        from artworks.models import Artist, PlacementStatus

        programme = programmes[0] if programmes else None
        sessions = (
            queryset.select_related("placement__artwork", "placement__venue__commune", "artist")
            .prefetch_related(
                Prefetch("placement__artwork__artists", queryset=Artist.objects.only("name"))
            )
            .order_by("starts_at", "pk")
        )
        items = []
        for session in sessions:
            placement = session.placement
            artwork, venue = placement.artwork, placement.venue
            commune = venue.commune
            place = [venue.name]
            if venue.address:
                place.append(venue.address)
            place.append(f"{commune.postal_code} {commune.name}")
            artists = ", ".join(a.name for a in artwork.artists.all())
            work = f"«\u00a0{artwork.title}\u00a0»" + (f" ({artists})" if artists else "")
            description = _(
                "Séance de médiation autour de %(work)s, présentée du %(start)s au %(end)s. "
                "Animée par %(leader)s. Public : %(audience)s."
            ) % {
                "work": work,
                "start": date_format(placement.start_date, "j F Y"),
                "end": date_format(placement.end_date, "j F Y"),
                "leader": session.leader_display,
                "audience": session.get_audience_display().lower(),
            }
            url = f"{programme.url.rstrip('/')}/oeuvres/{artwork.slug}/" if programme else ""
            items.append(
                AgendaItem(
                    kind=self.key,
                    pk=session.pk,
                    uid=f"mediation-{session.pk}@{UID_DOMAIN}",
                    start=session.starts_at,
                    end=session.starts_at + timedelta(minutes=session.duration_minutes),
                    title=_("Médiation autour de «\u00a0%(title)s\u00a0»")
                    % {"title": artwork.title},
                    url=url,
                    programme=programme,
                    venue_name=venue.name,
                    place_label=", ".join(place),
                    commune_code=commune.insee_code,
                    commune_name=commune.name,
                    audience=session.get_audience_display(),
                    description=description,
                    is_cancelled=placement.status == PlacementStatus.CANCELLED,
                    last_modified=None,
                    download_url=reverse("artworks:session_ical", args=[session.pk]),
                    extra={"artwork": artwork, "leader": session.leader_display},
                )
            )
        return items


def register():
    """Called by ``ArtworksConfig.ready``."""
    from home.agenda import register_source

    register_source(MediationSessionSource())
