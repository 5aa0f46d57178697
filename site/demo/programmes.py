"""Demo programmes: every programme named in the seed (except « Un mois, une œuvre », which the
artworks app provides), their editions and a year of events. Idempotent: pages, editions and
records are created only when missing; dates run over the twelve months from today."""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from demo.home import demo_picture
from demo.programmes_content import AUDIENCES, PROGRAMMES
from home.models import HomePage
from places.models import Commune, Venue
from programmes.models import (
    AttendancePart,
    AttendanceRecord,
    Audience,
    CalendarPage,
    Edition,
    EditionClass,
    EditionTarget,
    EventPage,
    EventPlannedDate,
    FollowedSenior,
    Occurrence,
    Partner,
    ProgrammeIndexPage,
    ProgrammePage,
    Recurrence,
    SeniorContact,
)

COLLEGES = [
    "college-andre-malraux",
    "college-voltaire",
    "college-auguste-renoir",
    "college-guy-moquet",
    "college-edouard-vaillant",
    "college-louis-pasteur",
]

BUS_STOPS = [  # (INSEE, address)
    ("92036", "Place Indira Gandhi, quartier du Luth"),
    ("92050", "Place des Muguets, Petit-Nanterre"),
    ("92025", "Avenue de l'Europe, Fossés-Jean"),
    ("92007", "Place de la République"),
    ("92024", "Parvis de la mairie"),
    ("92078", "Place de la Caravelle"),
    ("92004", "Place des Victoires, Hauts-d'Asnières"),
    ("92002", "Place du Noyer-Doré"),
    ("92020", "Parvis de la mairie"),
    ("92046", "Place du 11-Novembre"),
    ("92019", "Avenue de la Division-Leclerc, Butte-Rouge"),
    ("92036", "Rue des Agnettes"),
]

CARAVANE_STOPS = [
    ("92036", "Quartier du Luth, place Indira Gandhi"),
    ("92004", "Quartier des Hauts-d'Asnières, place des Victoires"),
    ("92050", "Quartier du Parc, place des Droits-de-l'Homme"),
    ("92025", "Quartier du Petit-Colombes"),
    ("92078", "Quartier de la Caravelle"),
    ("92007", "Quartier des Tertres"),
    ("92002", "Quartier du Noyer-Doré"),
    ("92019", "Cité de la Butte-Rouge"),
]

FOLLOWED_SENIORS = [  # fictitious people; 01 99 00 xx xx numbers are reserved for fiction
    ("Jeanne Lefèvre", "01 99 00 12 34", "92050"),
    ("Marcel Dupuis", "01 99 00 56 78", "92050"),
    ("Odette Girard", "01 99 00 90 12", "92063"),
]


BREAKDOWNS_ASKED = {
    "toutes-culottees": ("breakdown_school_level", "breakdown_gender"),
    "giga-la-vie": ("breakdown_school_level", "breakdown_gender"),
    "giga-seniors": ("breakdown_age_band",),
    "sourires-dete": ("breakdown_age_band",),
    "en-route-pour-lautonomie": ("breakdown_gender",),
}


def load():
    today = timezone.localdate()
    home = HomePage.objects.first()
    audiences = _audiences()
    index = _page(
        home,
        ProgrammeIndexPage,
        "programmes",
        title="Nos programmes",
        show_in_menus=True,
        introduction="Culture, santé, prévention, insertion et accès aux droits : les programmes "
        "que l'Institut des Hauts-de-Seine mène avec le Département, au plus près des habitants.",
    )
    _page(
        home,
        CalendarPage,
        "agenda",
        title="Agenda",
        show_in_menus=True,
        introduction="Toutes les dates ouvertes au public : filtrez par commune, programme, "
        "public ou période, et abonnez-vous à l'agenda depuis votre téléphone.",
    )
    programmes = {}
    for slug, (
        title,
        theme,
        audience_slugs,
        partners,
        summary,
        contact,
        body,
    ) in PROGRAMMES.items():
        existing = ProgrammePage.objects.child_of(index).filter(slug=slug).first()
        if existing is None:
            page = ProgrammePage(
                title=title,
                slug=slug,
                theme=theme,
                summary=summary,
                body=body,
                contact_name=contact,
                contact_email="contact@institut-hauts-de-seine.fr",
                search_description=summary,
            )
            for flag in BREAKDOWNS_ASKED.get(slug, ()):
                setattr(page, flag, True)
            page.audiences = [audiences[s] for s in audience_slugs]
            page.partners = [Partner.objects.get_or_create(name=name)[0] for name in partners]
            index.add_child(instance=page)
            page.save_revision().publish()
            existing = page
        if existing.image_id is None:
            existing.image = demo_picture(f"Programme — {title}", seed=slug)
            existing.save_revision().publish()
        programmes[slug] = existing
    venues = {v.code: v for v in Venue.objects.select_related("commune")}
    communes = {c.insee_code: c for c in Commune.objects.all()}
    context = {
        "today": today,
        "programmes": programmes,
        "audiences": audiences,
        "venues": venues,
        "communes": communes,
    }
    _toutes_culottees(**context)
    _giga_la_vie(**context)
    _giga_seniors(**context)
    _sourires_dete(**context)
    _bus_sante_femmes(**context)
    _ecole_francaise_des_femmes(**context)
    _en_route_pour_lautonomie(**context)
    _caravane_solidaire(**context)
    _past_attendance(timezone.now())


def _audiences():
    return {
        slug: Audience.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in AUDIENCES
    }


def _page(parent, model, slug, **fields):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = parent.add_child(instance=model(slug=slug, **fields))
        page.save_revision().publish()
    return page


def _aware(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _next_weekday(day, weekday):
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _school_year(today):
    start_year = today.year if today.month >= 9 else today.year - 1
    return date(start_year, 9, 1), date(start_year + 1, 6, 30)


def _edition(programme, name, start, end, communes=(), venues=(), targets=(), classes=()):
    edition = Edition.objects.filter(name=name).first()
    if edition is not None:
        return edition
    edition = Edition(programme=programme, name=name, start_date=start, end_date=end)
    edition.communes = list(communes)
    edition.venues = list(venues)
    edition.save()
    for audience, count, target_venues in targets:
        target = EditionTarget(edition=edition, audience=audience, people_count=count)
        target.venues = list(target_venues)
        target.save()
    for venue, level, count in classes:
        EditionClass.objects.create(edition=edition, venue=venue, level=level, class_count=count)
    return edition


def _event(programme, slug, title, summary, planned=(), attendance=None, **fields):
    """Create the event page once; `attendance` gives the recorded totals of its dates."""
    page = EventPage.objects.child_of(programme).filter(slug=slug).first()
    if page is not None:
        return page
    page = EventPage(title=title, slug=slug, summary=summary, search_description=summary, **fields)
    for day, start, end, extra in planned:
        page.planned_dates.add(EventPlannedDate(date=day, start_time=start, end_time=end, **extra))
    programme.add_child(instance=page)
    page.save_revision().publish()
    if attendance:
        for occurrence, total in zip(page.occurrences.order_by("start"), attendance, strict=False):
            _record(occurrence, total)
    return page


def _split(total, weights):
    """Split a total by weights into whole numbers that add up to it exactly."""
    parts = [total * w // sum(weights) for w in weights]
    parts[weights.index(max(weights))] += total - sum(parts)
    return parts


def _record(occurrence, total):
    """The attendance of a past session with the breakdowns its programme asks (no names)."""
    record, created = AttendanceRecord.objects.get_or_create(
        occurrence=occurrence, defaults={"total": total}
    )
    if not created:
        return record
    programme = occurrence.event.programme
    asked = programme.attendance_breakdowns if programme else []
    parts = []
    girls_only = programme is not None and programme.slug == "toutes-culottees"
    if "school_level" in asked:
        levels = ("6e", "5e", "4e", "3e")
        weights = (0, 34, 33, 33) if girls_only else (25, 25, 25, 25)
        parts += list(zip(["school_level"] * 4, levels, _split(total, weights), strict=True))
    for dimension, categories, weights in (
        ("gender", ("filles", "garcons", "inconnu"), (100, 0, 0) if girls_only else (50, 45, 5)),
        ("age_band", ("60-74", "75+", "inconnu"), (58, 37, 5)),
        ("adults_children", ("adultes", "enfants"), (60, 40)),
    ):
        if dimension in asked:
            counts = _split(total, weights)
            parts += [(dimension, c, n) for c, n in zip(categories, counts, strict=True)]
    AttendancePart.objects.bulk_create(
        AttendancePart(record=record, dimension=d, category=c, count=n) for d, c, n in parts if n
    )
    return record


def _past_attendance(now):
    """Sessions held more than a fortnight ago get believable figures; the most recent ones stay
    « à saisir » so that venue managers have something to log in the demo."""
    pending = Occurrence.objects.awaiting_attendance(now - timedelta(days=14)).select_related(
        "event__programme"
    )
    for occurrence in pending.order_by("start", "pk"):
        capacity = occurrence.event.capacity or 40
        seed = sum(ord(ch) for ch in f"{occurrence.event.slug}{occurrence.rule_key}")
        _record(occurrence, max(5, capacity * (55 + seed % 40) // 100))


def _stop(day, start, end, venue=None, address="", commune=None):
    return (day, start, end, {"venue": venue, "address": address, "commune": commune})


def _toutes_culottees(today, programmes, audiences, venues, communes):
    programme = programmes["toutes-culottees"]
    colleges = [venues[code] for code in COLLEGES if code in venues]
    girls = audiences["collegiennes"]
    past = _edition(
        programme,
        "Toutes culottées 2022-2023",
        date(2022, 9, 1),
        date(2023, 6, 30),
        communes=[communes["92004"], communes["92036"]],
        venues=colleges,
        targets=[(girls, 1800, colleges)],
        classes=[(c, level, 4) for c in colleges for level in ("5e", "4e", "3e")],
    )
    sessions = []
    for number, college in enumerate(colleges * 2):
        day = _next_weekday(date(2022, 10, 3) + timedelta(weeks=3 * number), 1)
        sessions.append(_stop(day, time(9), time(12), venue=college))
    _event(
        programme,
        "seances-2022-2023",
        "Séances dans les collèges 2022-2023",
        "Séances en demi-groupes avec les collégiennes, sur le temps scolaire.",
        planned=sessions,
        attendance=[148, 152, 139, 161, 144, 150, 147, 155, 142, 149, 151, 145],
        edition=past,
        audience=girls,
        is_public=False,
        recurrence=Recurrence.DATES,
    )
    start, end = _school_year(today)
    current = _edition(
        programme,
        f"Toutes culottées {start.year}-{end.year}",
        start,
        end,
        communes=[communes["92004"], communes["92036"]],
        venues=colleges,
        targets=[(girls, 1800, colleges)],
        classes=[(c, level, 4) for c in colleges for level in ("5e", "4e", "3e")],
    )
    upcoming = []
    for number, college in enumerate(colleges):
        day = _next_weekday(max(today, start) + timedelta(days=14 + 21 * number), 3)
        upcoming.append(_stop(day, time(9), time(12), venue=college))
    _event(
        programme,
        f"seances-{start.year}-{end.year}",
        f"Séances dans les collèges {start.year}-{end.year}",
        "Séances en demi-groupes avec les collégiennes, sur le temps scolaire.",
        planned=upcoming,
        edition=current,
        audience=girls,
        is_public=False,
        recurrence=Recurrence.DATES,
    )
    day = _next_weekday(today + timedelta(days=40), 2)
    _event(
        programme,
        "rencontre-parents",
        "Rencontre avec les parents",
        "Présentation de la campagne aux familles et temps d'échange avec les intervenantes.",
        edition=current,
        audience=audiences["tout-public"],
        venue=venues.get("mediatheque-de-gennevilliers"),
        capacity=60,
        starts_at=_aware(day, 18),
        ends_at=_aware(day, 19, 30),
    )


def _giga_la_vie(today, programmes, audiences, venues, communes):
    programme = programmes["giga-la-vie"]
    day = _next_weekday(today + timedelta(days=120), 1)
    edition = _edition(
        programme,
        f"Giga la vie {day.year}",
        day - timedelta(days=60),
        day,
        communes=[communes["92050"]],
        targets=[(audiences["collegiens"], 600, [])],
    )
    _event(
        programme,
        f"forum-{day.year}",
        f"Forum Giga la vie {day.year}",
        "Une journée d'ateliers de prévention pour les classes de collège inscrites.",
        edition=edition,
        audience=audiences["collegiens"],
        address="Salle des fêtes, 88 rue du 8-Mai-1945",
        commune=communes["92050"],
        capacity=600,
        starts_at=_aware(day, 9),
        ends_at=_aware(day, 16, 30),
    )


def _giga_seniors(today, programmes, audiences, venues, communes):
    programme = programmes["giga-seniors"]
    seniors = audiences["seniors"]
    forum_day = _next_weekday(today + timedelta(days=75), 3)
    edition = _edition(
        programme,
        f"Giga Séniors {forum_day.year}",
        today.replace(day=1),
        today.replace(day=1) + timedelta(days=364),
        communes=[communes["92050"], communes["92063"]],
        targets=[(seniors, 400, [])],
    )
    _event(
        programme,
        f"forum-{forum_day.year}",
        f"Forum Giga Séniors {forum_day.year}",
        "Stands, conférences et ateliers pour bien vieillir : santé, droits, numérique, loisirs.",
        edition=edition,
        audience=seniors,
        venue=venues.get("ccas-de-nanterre"),
        capacity=300,
        starts_at=_aware(forum_day, 10),
        ends_at=_aware(forum_day, 17),
    )
    first = _next_weekday(today + timedelta(days=1), 3)
    workshop = _event(
        programme,
        "atelier-prevention-des-chutes",
        "Atelier prévention des chutes",
        "Chaque jeudi, une heure trente d'exercices d'équilibre et de conseils avec un "
        "éducateur sportif.",
        edition=edition,
        audience=seniors,
        venue=venues.get("residence-seniors-les-tilleuls"),
        capacity=15,
        starts_at=_aware(first, 14, 30),
        ends_at=_aware(first, 16),
        recurrence=Recurrence.WEEKLY,
        repeat_until=first + timedelta(days=364),
        skip_public_holidays=True,
        # 01 99 00 xx xx: a range ARCEP keeps for fiction, never a real line.
        booking_phone="01 99 00 12 34",
        booking_email="inscriptions@institut-hauts-de-seine.fr",
    )
    # The next session is full: the page says « Complet » for it and books the others.
    next_session = workshop.occurrences.upcoming().order_by("start").first()
    if next_session is not None and not next_session.is_full:
        next_session.is_full = True
        next_session.save(update_fields=["is_full", "updated_at"])
    # Begun five weeks ago at a venue lieu.asnieres manages: its last sessions stay « à
    # saisir » (see _past_attendance), so the demo manager has something to log at once.
    began = _next_weekday(today - timedelta(days=35), 2)
    _event(
        programme,
        "cafe-numerique-asnieres",
        "Café numérique du mercredi",
        "Une heure pour apprivoiser son téléphone et ses démarches en ligne, avec un médiateur "
        "numérique, autour d'un café.",
        edition=edition,
        audience=seniors,
        venue=venues.get("pole-social-dasnieres-gennevilliers"),
        capacity=12,
        is_public=False,
        starts_at=_aware(began, 10),
        ends_at=_aware(began, 11),
        recurrence=Recurrence.WEEKLY,
        repeat_until=began + timedelta(days=120),
    )


def _sourires_dete(today, programmes, audiences, venues, communes):
    programme = programmes["sourires-dete"]
    seniors = audiences["seniors"]
    _edition(programme, "Sourires d'été 2023", date(2023, 7, 1), date(2023, 8, 31))
    last_year = today.year if today >= date(today.year, 7, 1) else today.year - 1
    last = _edition(
        programme,
        f"Sourires d'été {last_year}",
        date(last_year, 7, 1),
        date(last_year, 8, 31),
        communes=[communes["92050"], communes["92063"]],
        targets=[(seniors, 250, [])],
    )
    staff = get_user_model().objects.filter(username="equipe.programmes").first()
    if staff is not None and not last.assigned_staff.filter(pk=staff.pk).exists():
        last.assigned_staff.add(staff)
        last.save()
    for number, (name, phone, insee) in enumerate(FOLLOWED_SENIORS):
        senior, created = FollowedSenior.objects.get_or_create(
            edition=last,
            full_name=name,
            defaults={
                "phone": phone,
                "commune": communes[insee],
                "consent_date": date(last_year, 6, 20 + number),
            },
        )
        if created:
            for week in range(3):
                SeniorContact.objects.create(
                    senior=senior,
                    date=date(last_year, 7, 3 + 7 * week + number),
                    kind="phone" if week % 2 == 0 else "visit",
                    made_by="Bénévole de l'association Voisins solidaires",
                )
    next_year = last_year + 1
    upcoming = _edition(
        programme,
        f"Sourires d'été {next_year}",
        date(next_year, 7, 1),
        date(next_year, 8, 31),
        communes=[communes["92050"], communes["92063"]],
        targets=[(seniors, 250, [])],
    )
    first = _next_weekday(date(next_year, 7, 1), 2)
    _event(
        programme,
        f"gouters-{next_year}",
        f"Goûters de l'été {next_year}",
        "Chaque mercredi de l'été, un goûter convivial ouvert aux seniors du quartier.",
        edition=upcoming,
        audience=seniors,
        venue=venues.get("residence-seniors-le-parc"),
        capacity=40,
        starts_at=_aware(first, 15),
        ends_at=_aware(first, 17),
        recurrence=Recurrence.WEEKLY,
        repeat_until=date(next_year, 8, 26),
    )


def _bus_sante_femmes(today, programmes, audiences, venues, communes):
    programme = programmes["bus-sante-femmes"]
    start = today.replace(day=1)
    edition = _edition(
        programme,
        f"Tournée du Bus Santé Femmes {start.year}-{start.year + 1}",
        start,
        start + timedelta(days=364),
        communes=[communes[insee] for insee, _ in BUS_STOPS],
        targets=[(audiences["femmes-isolees"], 500, [])],
    )
    stops = []
    month = start
    for insee, address in BUS_STOPS:
        month = (month + timedelta(days=32)).replace(day=1)
        day = _next_weekday(month, 1) + timedelta(days=7)  # second Tuesday
        stops.append(_stop(day, time(9, 30), time(16, 30), address=address,
                           commune=communes[insee]))  # fmt: skip
    _event(
        programme,
        "tournee",
        "Tournée du Bus Santé Femmes",
        "Écoute, dépistages, conseils de santé et accès aux droits, sans rendez-vous, dans le "
        "bus stationné au cœur du quartier.",
        planned=stops,
        edition=edition,
        audience=audiences["femmes-isolees"],
        recurrence=Recurrence.DATES,
    )


def _ecole_francaise_des_femmes(today, programmes, audiences, venues, communes):
    programme = programmes["ecole-francaise-des-femmes"]
    school = venues.get("ecole-francaise-des-femmes")
    start, end = _school_year(today)
    first = _next_weekday(today, 1)
    _event(
        programme,
        "cours-de-francais",
        "Cours de français du mardi",
        "Cours de français en petits groupes, tous niveaux, avec une garderie pour les enfants.",
        audience=audiences["femmes"],
        venue=school,
        capacity=18,
        starts_at=_aware(first, 9, 30),
        ends_at=_aware(first, 11, 30),
        recurrence=Recurrence.WEEKLY,
        repeat_until=end,
    )
    day = _next_weekday(date(end.year, 6, 1), 5)
    _event(
        programme,
        "portes-ouvertes",
        "Journée portes ouvertes",
        "Découvrir l'école, rencontrer les formatrices et s'inscrire pour la rentrée.",
        audience=audiences["femmes"],
        venue=school,
        starts_at=_aware(day, 10),
        ends_at=_aware(day, 16),
    )


def _en_route_pour_lautonomie(today, programmes, audiences, venues, communes):
    programme = programmes["en-route-pour-lautonomie"]
    pole = venues.get("pole-social-de-villeneuve-la-garenne")
    youth = audiences["jeunes"]
    edition = _edition(
        programme, "En route pour l'autonomie 2023", date(2023, 1, 1), date(2023, 6, 30),
        venues=[pole] if pole else [], targets=[(youth, 12, [pole] if pole else [])],
    )  # fmt: skip
    _event(
        programme,
        "atelier-photographique-2023",
        "Atelier de pratique photographique avec Véronique Ellena",
        "Quatre séances avec la photographe pour réaliser une série de portraits ; quatre "
        "photographies ont été présentées à l'inauguration du pôle social d'Asnières.",
        planned=[
            _stop(date(2023, 4, 5) + timedelta(weeks=n), time(14), time(17)) for n in range(4)
        ],
        attendance=[9, 11, 10, 10],
        edition=edition,
        audience=youth,
        venue=pole,
        is_public=False,
        recurrence=Recurrence.DATES,
    )
    first = _next_weekday(today + timedelta(days=20), 2)
    _event(
        programme,
        "atelier-ecriture",
        "Atelier d'écriture et de récit de soi",
        "Un mercredi sur deux, un atelier d'écriture pour mettre des mots sur son parcours.",
        audience=youth,
        venue=pole,
        capacity=12,
        starts_at=_aware(first, 14),
        ends_at=_aware(first, 16),
        recurrence=Recurrence.WEEKLY,
        interval_weeks=2,
        repeat_until=first + timedelta(weeks=16),
    )


def _caravane_solidaire(today, programmes, audiences, venues, communes):
    programme = programmes["caravane-solidaire"]
    public = audiences["personnes-demunies"]
    edition = _edition(
        programme, "Caravane solidaire 2023", date(2023, 1, 1), date(2023, 12, 31),
        communes=[communes["92036"], communes["92004"]], targets=[(public, 2000, [])],
    )  # fmt: skip
    _event(
        programme,
        "etapes-juin-2023",
        "Étapes de juin 2023 à Gennevilliers et Asnières",
        "La caravane solidaire à Gennevilliers le jeudi 8 juin, puis à Asnières le 13 juin 2023.",
        planned=[
            _stop(
                date(2023, 6, 8),
                time(10),
                time(17),
                address="Quartier du Luth, place Indira Gandhi",
                commune=communes["92036"],
            ),
            _stop(
                date(2023, 6, 13),
                time(10),
                time(17),
                address="Quartier des Hauts-d'Asnières, place des Victoires",
                commune=communes["92004"],
            ),
        ],  # fmt: skip
        attendance=[87, 74],
        edition=edition,
        audience=public,
        recurrence=Recurrence.DATES,
    )
    stops = []
    day = _next_weekday(today + timedelta(days=7), 3)
    for number in range(16):
        insee, address = CARAVANE_STOPS[number % len(CARAVANE_STOPS)]
        stops.append(_stop(day + timedelta(weeks=3 * number), time(10), time(17),
                           address=address, commune=communes[insee]))  # fmt: skip
    _event(
        programme,
        "tournee",
        "Tournée de la caravane solidaire",
        "Travailleurs sociaux, PMI, conseillers insertion, MDPH, CAF et CNAV réunis au pied "
        "des immeubles pour répondre à toutes les questions, sans rendez-vous.",
        planned=stops,
        audience=public,
        recurrence=Recurrence.DATES,
    )
