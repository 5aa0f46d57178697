"""The public agenda's sources: each domain app registers what it puts on the agenda (dated
events of programmes, mediation sessions of « Un mois, une œuvre »…) and the agenda page, its
iCal feeds and the home page read uniform items from all of them, without importing the apps.

A source gives, for the filters asked, a queryset of its public records (any model) and turns
records into ``AgendaItem``; the registry pages them together with one ``UNION ALL`` query
ordered by start, so a page of the agenda costs a fixed number of queries whatever the data.
The sources are registered by the apps at start-up (``AppConfig.ready``)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F, Value
from django.db.models.fields import CharField
from django.http import HttpRequest
from django.utils import timezone

from home import fragments
from home.cache import depends_on

UID_DOMAIN = "ihds.hauts-de-seine.fr"


@dataclass(frozen=True)
class AgendaProgramme:
    """A programme as the agenda filters and shows it (slug unique across sources)."""

    slug: str
    title: str
    theme: str = ""
    url: str = ""


@dataclass(frozen=True)
class AgendaFilters:
    """What the visitor asked: INSEE codes, venue codes, programme slugs, a theme, an audience
    (slug and name, a source without audience records matches the name), and the period: items
    that end at or after ``start`` and begin before ``end``."""

    communes: tuple[str, ...] = ()
    venues: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    theme: str = ""
    audience_slug: str = ""
    audience_name: str = ""
    start: datetime | None = None
    end: datetime | None = None

    def wants_programme(self, slug):
        return not self.programmes or slug in self.programmes


@dataclass
class AgendaItem:
    """One dated entry of the agenda, whatever record it comes from."""

    kind: str
    pk: int
    uid: str
    start: datetime
    end: datetime
    title: str
    url: str = ""  # site-relative path of the public page
    programme: AgendaProgramme | None = None
    venue_name: str = ""
    place_label: str = ""  # venue, address and commune, for people and the iCal LOCATION
    commune_code: str = ""
    commune_name: str = ""
    audience: str = ""
    description: str = ""
    note: str = ""
    is_cancelled: bool = False
    is_full: bool = False
    sequence: int = 0
    created: datetime | None = None
    last_modified: datetime | None = None
    download_url: str = ""  # a one-date .ics, when the source has one
    extra: dict = field(default_factory=dict)

    @property
    def day(self):
        return timezone.localtime(self.start).date()


class AgendaSource:
    """What an app implements to put its records on the agenda.

    - ``key``: a short name, unique among the sources (``occurrence``, ``mediation``);
    - ``start_field``: the queryset's field holding the start, for ordering the agenda;
    - ``programmes(request)``: the public programmes its items belong to (one query at most);
    - ``queryset(filters, programmes)``: its public records matching the filters, any order;
    - ``items(queryset, programmes, request)``: the records as ``AgendaItem``, a fixed number of
      queries whatever their number."""

    key = ""
    start_field = "start"

    def programmes(self, request=None):
        raise NotImplementedError

    def queryset(self, filters, programmes):
        raise NotImplementedError

    def items(self, queryset, programmes, request=None):
        raise NotImplementedError

    def cache_tags(self, filters):
        """What a list of its items depends on (home.cache): the dates at the venues asked,
        or every date of the agenda. Its app bumps the same tags when a record changes."""
        if filters.venues:
            return [venue_tag(code) for code in filters.venues]
        return [AGENDA_TAG]


AGENDA_TAG = "agenda"


def venue_tag(venue_code):
    """The tag of the agenda's dates at one venue (by its code, as the filters name it)."""
    return f"agenda:venue={venue_code}"


_sources = {}
_agenda_page_url = None


def register_source(source):
    """Add (or replace, so that a reload does not duplicate it) an agenda source."""
    _sources[source.key] = source


def registered_sources():
    return list(_sources.values())


def register_agenda_page(page_url):
    """The app serving the agenda page gives how to find its URL: ``page_url(request)``, the
    public agenda page's URL or ``""``. Other apps link to the agenda through
    ``agenda_page_url`` without importing that app."""
    global _agenda_page_url
    _agenda_page_url = page_url


def agenda_page_url(request=None):
    """The public agenda page's URL (``""`` while there is none): one query."""
    # home.cache: the agenda page is under the site root (published, moved: « menu »), never
    # the dates (a page linking to the agenda is not rebuilt after each new date).
    depends_on("menu")
    return _agenda_page_url(request) if _agenda_page_url is not None else ""


def site_root_path(request):
    """The ``url_path`` of the site's root page: read once per request (remembered on it), the
    default site's for a request with no host (``upcoming_items`` called without one)."""
    from wagtail.models import Site

    cached = getattr(request, "_agenda_root_path", None)
    if cached is not None:
        return cached
    site = None
    if request is not None and ("HTTP_HOST" in request.META or "SERVER_NAME" in request.META):
        site = Site.find_for_request(request)
    if site is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root_path = site.root_page.url_path if site else "/"
    if request is not None:
        request._agenda_root_path = root_path
    return root_path


def page_path(page, request=None):
    """A page's public path relative to the site root, from its ``url_path``: no query per page
    (Wagtail's ``page.url`` may look up the site of each page)."""
    root_path = site_root_path(request)
    path = page.url_path
    if path.startswith(root_path):
        path = path[len(root_path) :]
    return "/" + path.lstrip("/")


class Agenda:
    """The agenda of one request: the registered sources, their programmes read once."""

    def __init__(self, request=None, sources=None):
        # Without a request (the home page's helper, a task), a bare one keeps the site's root
        # path read once for every item.
        self.request = request if request is not None else HttpRequest()
        self.sources = list(sources) if sources is not None else registered_sources()
        self._programmes = None
        self._querysets_built = {}  # (source key, filters) → its queryset, built once

    def programmes_by_source(self):
        if self._programmes is None:
            # Kept under the content stamp (home.fragments): the same for every visitor.
            self._programmes = fragments.cached(
                self.request,
                "agenda_programmes",
                lambda: {s.key: list(s.programmes(self.request)) for s in self.sources},
                *sorted(s.key for s in self.sources),
            )
        return self._programmes

    def programmes(self):
        """Every public programme that has a source, by title."""
        found = {}
        for programmes in self.programmes_by_source().values():
            for programme in programmes:
                found.setdefault(programme.slug, programme)
        return sorted(found.values(), key=lambda p: p.title.casefold())

    def programme(self, slug):
        return next((p for p in self.programmes() if p.slug == slug), None)

    def _querysets(self, filters):
        for source in self.sources:
            depends_on(*source.cache_tags(filters))
            yield source, self._queryset(source, filters)

    def _queryset(self, source, filters):
        """A source's queryset for ``filters``, built once per agenda: the count and the page
        of a request read the same (building one costs more than running it, on small data)."""
        key = (source.key, filters)
        if key not in self._querysets_built:
            by_source = self.programmes_by_source()
            self._querysets_built[key] = source.queryset(filters, by_source[source.key])
        return self._querysets_built[key]

    def _combined(self, filters):
        """One ``UNION ALL`` of (source, pk, start) rows over every source (built once per
        filters: the count and the page's rows)."""
        key = ("combined", filters)
        if key not in self._querysets_built:
            self._querysets_built[key] = self._build_combined(filters)
        return self._querysets_built[key]

    def _build_combined(self, filters):
        parts = []
        for source, queryset in self._querysets(filters):
            parts.append(
                queryset.order_by()
                .annotate(
                    agenda_kind=Value(source.key, output_field=CharField()),
                    agenda_pk=F("pk"),
                    agenda_start=F(source.start_field),
                )
                .values_list("agenda_kind", "agenda_pk", "agenda_start")
            )
        if not parts:
            return None
        combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        return combined.order_by("agenda_start", "agenda_kind", "agenda_pk")

    def count(self, filters):
        combined = self._combined(filters)
        return combined.count() if combined is not None else 0

    def slice(self, filters, offset, limit):
        """Items ``offset`` to ``offset + limit`` in start order: one query for the rows, then
        one per source present among them."""
        combined = self._combined(filters)
        if combined is None or limit <= 0:
            return []
        rows = list(combined[offset : offset + limit])
        wanted = {}
        for kind, pk, _start in rows:
            wanted.setdefault(kind, []).append(pk)
        by_source = self.programmes_by_source()
        found = {}
        for source in self.sources:
            if source.key not in wanted:
                continue
            # The queryset already built for the count (the rows came from it): no other build.
            queryset = self._queryset(source, filters)
            records = queryset.filter(pk__in=wanted[source.key])
            for item in source.items(records, by_source[source.key], self.request):
                found[(source.key, item.pk)] = item
        return [found[(kind, pk)] for kind, pk, _start in rows if (kind, pk) in found]

    def items(self, filters):
        """Every item matching the filters, in start order (feeds): one query per source."""
        items = []
        by_source = self.programmes_by_source()
        for source, queryset in self._querysets(filters):
            items.extend(source.items(queryset, by_source[source.key], self.request))
        return sorted(items, key=lambda item: (item.start, item.kind, item.pk))

    def results(self, filters):
        """A sequence for Django's ``Paginator``: ``count()`` and slices, read lazily."""
        return AgendaResults(self, filters)


class AgendaResults:
    def __init__(self, agenda, filters):
        self.agenda = agenda
        self.filters = filters
        self._count = None

    def count(self):
        if self._count is None:
            self._count = self.agenda.count(self.filters)
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            start = index.start or 0
            stop = index.stop if index.stop is not None else self.count()
            return self.agenda.slice(self.filters, start, stop - start)
        items = self.agenda.slice(self.filters, index, 1)
        if not items:
            raise IndexError(index)
        return items[0]


def upcoming_items(limit=5, communes=None, request=None, now=None, venues=None):
    """The next public dates of every source (the home page's « prochaines dates », a venue's
    page), optionally in some communes (INSEE codes) or venues (codes): a fixed number of
    queries."""
    filters = AgendaFilters(
        communes=tuple(communes or ()), venues=tuple(venues or ()), start=now or timezone.now()
    )
    return Agenda(request).slice(filters, 0, limit)
