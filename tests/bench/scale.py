"""Scale the demo data up to the load test's size (issue 7): 10,000 events — Wagtail pages under
the programme pages, with their dates — 200,000 attendance records and 1,000 works on show.

Run inside Django, after the demo data:

    manage.py shell -c "from tests.bench.scale import scale; scale()"

Idempotent: each part tops its records up to the target, so a second run adds nothing. Pages are
written in bulk (the page rows with their tree paths, then the event rows, one revision each, the
search index) because 10,000 add_child() and publish() calls take most of an hour; the tree is left
as add_child() would leave it (`manage.py fixtree` finds nothing, tests/programmes/test_scale.py).
"""

import datetime
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, OuterRef, Subquery
from django.utils import timezone
from django.utils.text import slugify

from tests.bench.bulk_pages import bulk_add_children, bulk_publish_revisions, index_in_bulk

WORKS = 1_000
EVENTS = 10_000
ATTENDANCE = 200_000
VENUES = 150
BATCH = 5_000
# Share of past sessions cancelled (weather, strike, illness): held sessions are the others.
PAST_CANCELLED = 0.03
FUTURE_CANCELLED = 0.02
SEED = 92


def _n(number):
    return f"{number:,}".replace(",", "\u202f")


@contextmanager
def timed(label):
    """Print how long a part of the scaling takes, and what it added."""
    started = time.perf_counter()
    report = {}
    yield report
    added = f" : {_n(report['added'])}" if "added" in report else ""
    print(f"  {label}{added} en {time.perf_counter() - started:.1f} s", flush=True)


# --- Venues -------------------------------------------------------------------------------------

VENUE_KINDS = [  # (kind, name pattern, weight)
    ("pole_social", "Pôle social de {commune}", 2),
    ("antenne", "Antenne solidarité {quarter}", 2),
    ("pmi", "PMI {quarter}", 2),
    ("college", "Collège {person}", 3),
    ("ccas", "CCAS de {commune}", 1),
    ("centre_social", "Centre social {quarter}", 3),
    ("residence_seniors", "Résidence seniors {quarter}", 2),
    ("mediatheque", "Médiathèque {person}", 1),
]
QUARTERS = ["des Tilleuls", "du Parc", "des Vignes", "de la Gare", "du Centre", "du Plateau",
            "des Fontaines", "du Marché", "des Acacias", "de la Source", "du Moulin"]  # fmt: skip
PERSONS = ["Jean Moulin", "Louise Michel", "Victor Hugo", "Marie Curie", "Paul Éluard",
           "Simone Veil", "Jules Ferry", "George Sand", "Albert Camus", "Jean Jaurès"]  # fmt: skip


@transaction.atomic
def scale_venues(target=VENUES, rng=None):
    """Venues in every commune of the département, so that events spread over all of them."""
    Venue = apps.get_model("places", "Venue")
    Commune = apps.get_model("places", "Commune")
    missing = target - Venue.objects.count()
    if missing <= 0:
        return 0
    rng = rng or random.Random(SEED)
    communes = list(Commune.objects.order_by("insee_code"))
    start = Venue.objects.filter(code__startswith="lieu-charge-").count()
    kinds = [k for k, _pattern, weight in VENUE_KINDS for _ in range(weight)]
    patterns = {k: pattern for k, pattern, _weight in VENUE_KINDS}
    venues = []
    for n in range(start, start + missing):
        commune = communes[n % len(communes)]
        kind = rng.choice(kinds)
        name = patterns[kind].format(
            commune=commune.name, quarter=rng.choice(QUARTERS), person=rng.choice(PERSONS)
        )
        venues.append(
            Venue(
                name=f"{name} ({commune.name})" if "{commune}" not in patterns[kind] else name,
                code=f"lieu-charge-{n:04d}",
                kind=kind,
                commune=commune,
                address=f"{rng.randint(1, 120)} rue {rng.choice(QUARTERS)}",
            )
        )
    Venue.objects.bulk_create(venues, batch_size=BATCH)
    index_in_bulk(Venue, Venue.objects.filter(code__startswith="lieu-charge-"))
    return len(venues)


# --- Works --------------------------------------------------------------------------------------


@transaction.atomic
def scale_artworks(target=WORKS):
    Artwork = apps.get_model("artworks", "Artwork")
    Artist = apps.get_model("artworks", "Artist")
    Placement = apps.get_model("artworks", "Placement")
    Venue = apps.get_model("places", "Venue")
    missing = target - Artwork.objects.count()
    if missing <= 0:
        return 0
    rng = random.Random(SEED)
    artists = list(Artist.objects.all())
    venues = list(Venue.objects.all())
    start = Artwork.objects.count()
    works = Artwork.objects.bulk_create(
        Artwork(
            inventory_number=f"FDAC BENCH.{i:05d}",
            slug=f"oeuvre-bench-{i:05d}",
            title=f"Œuvre de charge n° {i}",
            series=rng.choice(["Lumières", "Rives", "Visages", "Clairs Obscurs"]),
            year=rng.randint(1970, 2023),
            technique="Tirage photographique",
        )
        for i in range(start, start + missing)
    )
    through = Artwork.artists.through
    through.objects.bulk_create(
        through(artwork_id=work.pk, artist_id=rng.choice(artists).pk) for work in works
    )
    today = timezone.localdate()
    Placement.objects.bulk_create(
        Placement(
            artwork=work,
            venue=rng.choice(venues),
            start_date=today - datetime.timedelta(days=rng.randint(0, 20)),
            end_date=today + datetime.timedelta(days=rng.randint(1, 40)),
            status="installed",
        )
        for work in works
    )
    return len(works)


# --- Events, their dates and their attendance ---------------------------------------------------

TITLES = {  # theme -> titles of its workshops and sessions
    "culture": ["Visite commentée", "Atelier d'arts plastiques", "Ciné-débat", "Lecture partagée"],
    "sante": ["Permanence santé", "Atelier nutrition", "Dépistage sans rendez-vous",
              "Groupe de parole santé des femmes", "Atelier sommeil"],
    "prevention": ["Atelier prévention des chutes", "Atelier mémoire", "Prévention des écrans",
                   "Gestes qui sauvent", "Sensibilisation au harcèlement"],
    "isolement": ["Goûter partagé", "Après-midi jeux de société", "Café convivial",
                  "Sortie culturelle accompagnée"],
    "insertion": ["Atelier CV et entretien", "Cours de français", "Atelier numérique",
                  "Atelier d'écriture"],
    "acces_aux_droits": ["Permanence accès aux droits", "Aide aux démarches en ligne",
                         "Point information CAF"],
}  # fmt: skip
SINGLE_TITLES = ["Forum", "Conférence", "Journée portes ouvertes", "Rencontre avec les familles",
                 "Spectacle", "Réunion d'information"]  # fmt: skip
STOPS = ["Place de la Mairie", "Parvis du marché", "Place de la République", "Rue piétonne",
         "Parking du centre commercial", "Square des Anciens-Combattants"]  # fmt: skip
HOURS = [(9, 30), (10, 0), (14, 0), (14, 30), (17, 30), (18, 0)]
VENUE_KINDS_BY_BREAKDOWN = {
    "school_level": {"college"},
    "age_band": {"residence_seniors", "ccas", "centre_social"},
}
OTHER_VENUE_KINDS = {"pole_social", "antenne", "pmi", "centre_social", "mediatheque", "ccas"}


@dataclass
class Plan:
    """What one bench event will be: its rule and how many of its dates are past or to come."""

    kind: str  # a programmes.Recurrence value
    past: int
    future: int


def _plans(rng, count, past_total):
    """`count` event plans whose past dates add up to `past_total` exactly: single dates (forums,
    conferences), weekly workshops of a few months, and tours of stops in the communes."""
    kinds = rng.choices(["none", "weekly", "dates"], weights=[30, 64, 6], k=count)
    caps = {"none": 1, "weekly": 300, "dates": 40}
    if sum(caps[k] for k in kinds) < past_total:
        raise ValueError(f"{count} événements ne peuvent pas avoir {past_total} dates passées.")
    weekly = kinds.count("weekly") or 1
    expected_other = sum(0.85 if k == "none" else 6 for k in kinds if k != "weekly")
    mean = max(1, (past_total - expected_other) / weekly)
    plans = []
    for kind in kinds:
        if kind == "none":
            past = int(rng.random() < 0.85)
        elif kind == "dates":
            past = rng.randint(0, 12)
        else:
            past = rng.randint(0, int(2 * mean))
        plans.append(Plan(kind, min(past, caps[kind]), 0))
    gap = past_total - sum(p.past for p in plans)
    # Spread the difference one date at a time, over the weekly series first.
    order = sorted(range(count), key=lambda i: (kinds[i] != "weekly", kinds[i] != "dates"))
    adjustable = order[: max(1, weekly)] if kinds.count("weekly") else order
    while gap:
        plan = plans[rng.choice(adjustable)]
        if gap > 0 and plan.past < caps[plan.kind]:
            plan.past, gap = plan.past + 1, gap - 1
        elif gap < 0 and plan.past > 0:
            plan.past, gap = plan.past - 1, gap + 1
        elif all(
            (plans[i].past >= caps[plans[i].kind]) if gap > 0 else plans[i].past == 0
            for i in adjustable
        ):
            adjustable = order  # the weekly series are full (or empty): use the others
    for plan in plans:
        if plan.kind == "none":
            plan.future = 1 - plan.past
        elif plan.past == 0 or rng.random() < 0.25:  # still running
            plan.future = rng.randint(1, 20 if plan.kind == "weekly" else 8)
    return plans


def _local(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _build_event(rng, plan, number, programme, context, today):
    """An unsaved EventPage (and its planned stops) following its plan."""
    from programmes.models import EventPage, EventPlannedDate, Recurrence

    audiences = context["audiences"].get(programme.pk) or [None]
    hour, minute = rng.choice(HOURS)
    hours = rng.choice([1, 2, 2, 3])
    event = EventPage(
        summary="",
        audience=rng.choice(audiences),
        recurrence=plan.kind,
        programme_id=programme.pk,
        show_in_menus=False,
    )
    event.planned_dates.set([])  # in memory: serialising the revision queries nothing
    school = "school_level" in programme.attendance_breakdowns
    event.is_public = rng.random() >= (0.7 if school else 0.05)
    theme_titles = TITLES.get(programme.theme, TITLES["culture"])
    if plan.kind == Recurrence.DATES:
        base = f"Tournée : {rng.choice(theme_titles).lower()}"
        gap = rng.randint(7, 28)
        if plan.future:  # one stop behind (within a gap), the next ones ahead
            last_past = today - datetime.timedelta(days=rng.randint(1, gap - 1))
            first_future = last_past + datetime.timedelta(days=gap)
        else:
            last_past = today - datetime.timedelta(days=rng.randint(1, 1000))
            first_future = None
        days = [last_past - datetime.timedelta(days=gap * n) for n in range(plan.past)][::-1]
        days += [first_future + datetime.timedelta(days=gap * n) for n in range(plan.future)]
        stops = []
        for order, day in enumerate(days):
            stops.append(
                EventPlannedDate(
                    sort_order=order,
                    date=day,
                    start_time=datetime.time(hour, minute),
                    end_time=datetime.time(min(hour + hours, 23), minute),
                    address=rng.choice(STOPS),
                    commune=rng.choice(context["communes"]),
                )
            )
        event.planned_dates.set(stops)
        event.title = base
        first_day = days[0]
    else:
        venue = rng.choice(context["venues"][_venue_kinds(programme)])
        event.venue_id, event.commune_id = venue.pk, venue.commune_id
        if plan.kind == Recurrence.NONE:
            base = rng.choice(SINGLE_TITLES)
            first_day = today + datetime.timedelta(
                days=rng.randint(1, 240) if plan.future else -rng.randint(1, 1000)
            )
            event.capacity = rng.choice([None, 40, 60, 100, 200, 300])
        else:
            base = rng.choice(theme_titles)
            weeks = event.interval_weeks = rng.choice([1, 1, 1, 2, 2, 4])
            if plan.future:  # the next date is within one interval, the past ones before it
                first_day = today + datetime.timedelta(
                    days=rng.randint(1, 7 * weeks - 1) - 7 * weeks * plan.past
                )
            else:
                last_day = today - datetime.timedelta(days=rng.randint(1, 1000))
                first_day = last_day - datetime.timedelta(weeks=weeks * (plan.past - 1))
            event.repeat_until = first_day + datetime.timedelta(
                weeks=weeks * (plan.past + plan.future - 1)
            )
            event.capacity = rng.randint(8, 30)
        event.starts_at = _local(first_day, hour, minute)
        event.ends_at = event.starts_at + datetime.timedelta(hours=hours)
        event.title = f"{base} — {venue.name}"
    event.slug = f"{slugify(base)}-{number:05d}"
    event.search_description = event.summary = (
        f"{base} proposé par {programme.title}, ouvert sans inscription dans la limite des "
        "places disponibles."
    )
    event.edition_id = next(
        (
            e.pk
            for e in context["editions"].get(programme.pk, ())
            if e.start_date <= first_day <= e.end_date
        ),
        None,
    )
    event.first_published_at = min(
        timezone.now(), _local(first_day - datetime.timedelta(days=30), 9)
    )
    return event


def _venue_kinds(programme):
    for breakdown, kinds in VENUE_KINDS_BY_BREAKDOWN.items():
        if breakdown in programme.attendance_breakdowns:
            return frozenset(kinds)
    return frozenset(OTHER_VENUE_KINDS)


def _split(rng, total, categories):
    """Counts of a breakdown that add up to the total; a little of it « non renseigné »."""
    weights = [rng.randint(5, 30) for _ in categories[:-1]] + [rng.choice([0, 0, 0, 1, 2])]
    counts = [total * w // sum(weights) for w in weights]
    counts[0] += total - sum(counts)
    return [(c, n) for c, n in zip(categories, counts, strict=True) if n]


def _write_dates(batch, events, breakdowns, rng, now, state):
    """Insert a batch of dates, then the attendance of those past and held, with its parts."""
    from programmes.models import Occurrence, OccurrenceStatus

    for occurrence in batch:
        if occurrence.end < now:
            state["past_seen"] += 1
            cancel = state["past_seen"] in state["cancel_past"]
        else:
            cancel = rng.random() < FUTURE_CANCELLED
        if cancel:
            occurrence.status = OccurrenceStatus.CANCELLED
            occurrence.changed_by_hand, occurrence.sequence = True, 1
            occurrence.note = rng.choice(["Annulé : intempéries", "Annulé : intervenant absent"])
    Occurrence.objects.bulk_create(batch, batch_size=BATCH)
    held = [o for o in batch if o.end < now and o.status == OccurrenceStatus.SCHEDULED]
    for occurrence in held:
        occurrence.event = events[occurrence.event_id]
    records, parts = _record_attendance(held, breakdowns, rng)
    state["records"] += records
    state["parts"] += parts
    state["occurrences"] += len(batch)


def _record_attendance(occurrences, breakdowns, rng):
    """A believable record for each session — within its capacity, with every breakdown its
    programme declares given in full (programmes.participation.validate accepts it)."""
    from programmes.models import AttendancePart, AttendanceRecord
    from programmes.participation import categories_of

    records = []
    for occurrence in occurrences:
        capacity = occurrence.event.capacity
        low, high = (max(1, capacity * 4 // 10), capacity) if capacity else (5, 80)
        records.append(AttendanceRecord(occurrence_id=occurrence.pk, total=rng.randint(low, high)))
    AttendanceRecord.objects.bulk_create(records, batch_size=BATCH)
    parts = []
    for occurrence, record in zip(occurrences, records, strict=True):
        for dimension in breakdowns.get(occurrence.event.programme_id, ()):
            parts += [
                AttendancePart(record_id=record.pk, dimension=dimension, category=c, count=n)
                for c, n in _split(rng, record.total, categories_of(dimension))
            ]
    AttendancePart.objects.bulk_create(parts, batch_size=BATCH)
    return len(records), len(parts)


@transaction.atomic
def scale_events(target=EVENTS, attendance=ATTENDANCE, rng=None):
    """Top the events up to `target` and the attendance records up to `attendance`: every past
    session of the new events that was held (not cancelled) gets its record."""
    from places.models import Commune, Venue
    from programmes.models import (
        AttendanceRecord,
        Edition,
        EventPage,
        Occurrence,
        ProgrammePage,
    )
    from programmes.services import planned_slots

    missing = target - EventPage.objects.count()
    if missing <= 0:
        return {}
    rng = rng or random.Random(SEED)
    now = timezone.now()
    today = timezone.localdate()
    programmes = list(ProgrammePage.objects.live().order_by("path"))
    if not programmes:
        raise SystemExit("Aucun programme : chargez d'abord les données de démonstration.")
    venues = list(Venue.objects.filter(is_active=True))
    context = {
        "communes": list(Commune.objects.all()),
        "audiences": {p.pk: list(p.audiences.all()) for p in programmes},
        "editions": {},
        "venues": {},
    }
    for edition in Edition.objects.all():
        context["editions"].setdefault(edition.programme_id, []).append(edition)
    for kinds in {_venue_kinds(p) for p in programmes}:
        context["venues"][kinds] = [v for v in venues if v.kind in kinds] or venues
    held_needed = max(0, attendance - AttendanceRecord.objects.count())
    cancelled_past = round(held_needed * PAST_CANCELLED)
    past_total = held_needed + cancelled_past
    with timed("Pages d'événements (arbre Wagtail)") as report:
        plans = _plans(rng, missing, past_total)
        start = EventPage.objects.count()
        by_programme = {}
        for number, plan in enumerate(plans, start=start):
            programme = rng.choice(programmes)
            event = _build_event(rng, plan, number, programme, context, today)
            event.plan = plan
            by_programme.setdefault(programme.pk, (programme, []))[1].append(event)
        events = []
        for programme, children in by_programme.values():
            events += bulk_add_children(programme, children)
        report["added"] = len(events)
    with timed("Dates prévues des tournées"):
        from programmes.models import EventPlannedDate

        stops = [stop for event in events for stop in event.planned_dates.all()]
        for stop in stops:
            stop.event_id = stop.event.pk
        EventPlannedDate.objects.bulk_create(stops, batch_size=BATCH)
    with timed("Révisions publiées"):
        bulk_publish_revisions(events)
    with timed("Index de recherche"):
        index_in_bulk(EventPage, EventPage.objects.filter(pk__in=[e.pk for e in events]))
    state = {"past_seen": 0, "records": 0, "parts": 0, "occurrences": 0}
    state["cancel_past"] = set(rng.sample(range(1, past_total + 1), cancelled_past))
    breakdowns = {p.pk: p.attendance_breakdowns for p in programmes}
    with timed("Dates, fréquentations et répartitions") as report:
        by_pk = {e.pk: e for e in events}
        batch = []
        for event in events:
            slots = list(planned_slots(event))
            past = sum(slot.end < now for slot in slots)
            assert (past, len(slots) - past) == (event.plan.past, event.plan.future), event.title
            batch += [
                Occurrence(
                    event_id=event.pk,
                    rule_key=slot.key,
                    start=slot.start,
                    end=slot.end,
                    venue_id=slot.venue_id,
                    address=slot.address,
                    commune_id=slot.commune_id,
                )
                for slot in slots
            ]
            if len(batch) >= BATCH * 4:
                _write_dates(batch, by_pk, breakdowns, rng, now, state)
                batch = []
        _write_dates(batch, by_pk, breakdowns, rng, now, state)
        # « Saisi le » the day after the session, not all at the time of this script.
        entered = Subquery(
            Occurrence.objects.filter(pk=OuterRef("occurrence_id")).values(
                at=ExpressionWrapper(F("end") + datetime.timedelta(days=1), DateTimeField())
            )[:1]
        )
        AttendanceRecord.objects.filter(created_at__gte=now).update(
            created_at=entered, updated_at=entered
        )
        report["added"] = state["records"]
    print(
        f"    {_n(state['occurrences'])} dates, {_n(state['records'])} fréquentations, "
        f"{_n(state['parts'])} parts de répartition"
    )
    return state


@transaction.atomic
def fill_attendance(target=ATTENDANCE, rng=None):
    """If records are still missing (events already at their target), the oldest past sessions
    awaiting their attendance get it."""
    from programmes.models import AttendanceRecord, Occurrence, ProgrammePage

    missing = target - AttendanceRecord.objects.count()
    if missing <= 0:
        return 0
    rng = rng or random.Random(SEED)
    pending = list(
        Occurrence.objects.awaiting_attendance()
        .select_related("event")
        .order_by("start", "pk")[:missing]
    )
    breakdowns = {p.pk: p.attendance_breakdowns for p in ProgrammePage.objects.all()}
    return _record_attendance(pending, breakdowns, rng)[0]


def scale(events=EVENTS, attendance=ATTENDANCE, works=WORKS, venues=VENUES):
    from home.cache import invalidate_public_pages

    started = time.perf_counter()
    print("Mise à l'échelle des données de démonstration :", flush=True)
    with timed("Lieux") as report:
        report["added"] = scale_venues(venues)
    if apps.is_installed("artworks"):
        with timed("Œuvres exposées") as report:
            report["added"] = scale_artworks(works)
    scale_events(events, attendance)
    with timed("Fréquentations complétées") as report:
        report["added"] = fill_attendance(attendance)
    if connection.vendor == "postgresql":
        with timed("Statistiques PostgreSQL (ANALYZE)"), connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    invalidate_public_pages()  # bulk writes send no signal
    print(f"  Total : {time.perf_counter() - started:.1f} s")
    print("  " + sizes())


def sizes():
    """The dataset actually present, for the load test's report."""
    from wagtail.models import Page

    from programmes.models import AttendancePart, AttendanceRecord, EventPage, Occurrence

    figures = {
        "pages": Page.objects.count(),
        "événements": EventPage.objects.count(),
        "dates": Occurrence.objects.count(),
        "dates à venir": Occurrence.objects.upcoming().count(),
        "fréquentations": AttendanceRecord.objects.count(),
        "parts": AttendancePart.objects.count(),
    }
    if apps.is_installed("artworks"):
        Artwork = apps.get_model("artworks", "Artwork")
        figures["œuvres"] = Artwork.objects.count()
        figures["œuvres exposées"] = (
            Artwork.objects.filter(placements__status="installed").distinct().count()
        )
    return " ; ".join(f"{k} {_n(v)}" for k, v in figures.items())
