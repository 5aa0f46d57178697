"""One mediation session as an iCalendar file (« Ajouter à mon agenda »): only a session the
public agenda shows (public, under a public « Un mois, une œuvre » page)."""

from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_GET

from artworks.agenda import MediationSessionSource
from home.agenda import AGENDA_TAG, AgendaFilters
from home.cache import depends_on
from home.ical import build_calendar, ics_response


@require_GET
def session_download(request, pk):
    depends_on(AGENDA_TAG)  # home.cache: any change of a session, its work or its venue
    source = MediationSessionSource()
    programmes = source.programmes(request)
    sessions = source.queryset(AgendaFilters(), programmes).filter(pk=pk)
    items = source.items(sessions, programmes, request)
    if not items:
        raise Http404
    item = items[0]
    artwork = item.extra["artwork"]
    return ics_response(
        build_calendar(items, item.title, request),
        f"mediation-{artwork.slug}-{timezone.localtime(item.start):%Y-%m-%d}.ics",
        attachment=True,
    )
