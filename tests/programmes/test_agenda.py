"""The public agenda answers the visitor (issue 14): « Un mois, une œuvre » mediation sessions
listed, filtered and in every feed through the home.agenda sources; numbered pages that refuse
wrong numbers; quick periods; several communes; subscriptions that keep the filters; French
dates and counts; a fixed number of queries."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from artworks.models import ArtworkProgrammePage, MediationSession
from home.agenda import upcoming_items
from home.templatetags.french import compte, date_fr, nombre
from places.models import Commune
from programmes.models import EventPage, Occurrence
from tests.artworks.factories import ArtistFactory, ArtworkFactory, PlacementFactory
from tests.factories import VenueFactory
from tests.programmes import factories as f

pytestmark = pytest.mark.django_db

UMUO = "un-mois-une-oeuvre"


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def summaries(calendar):
    return {str(item["SUMMARY"]) for item in calendar.walk("VEVENT")}


@pytest.fixture
def calendar(db):
    return f.calendar_page()


@pytest.fixture
def umuo(db):
    """The « Un mois, une œuvre » page, under the programmes index as in the demo."""
    page = ArtworkProgrammePage(title="Un mois, une œuvre", slug=UMUO)
    f.programme_index().add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def asnieres_pole(db):
    return VenueFactory(
        name="Pôle social d'Asnières",
        code="pole-asnieres",
        commune=Commune.objects.get(insee_code="92004"),
        address="2 rue des Bourguignons",
    )


@pytest.fixture
def placement(asnieres_pole):
    today = timezone.localdate()
    work = ArtworkFactory(title="Clairs Obscurs n° 3", slug="clairs-obscurs-3")
    work.artists.add(ArtistFactory(name="Véronique Ellena", slug="ellena"))
    return PlacementFactory(
        artwork=work,
        venue=asnieres_pole,
        start_date=today - datetime.timedelta(days=5),
        end_date=today + datetime.timedelta(days=40),
        status="installed",
    )


def session(placement, start, **fields):
    fields.setdefault("led_by", "mediator")
    fields.setdefault("leader_name", "Nadia Benhamou")
    fields.setdefault("audience", "families")
    return MediationSession.objects.create(placement=placement, starts_at=start, **fields)


def soon(days, hour=14):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def mixed(calendar, umuo, placement, giga_seniors):
    """An event of Giga Séniors (prévention, Nanterre) and mediation sessions (Asnières)."""
    nanterre = VenueFactory(
        name="Résidence Les Tilleuls", commune=Commune.objects.get(insee_code="92050")
    )
    f.event(giga_seniors, "Forum des seniors", start=soon(3), venue=nanterre)
    public = session(placement, soon(4))
    session(placement, soon(5), is_public=False, audience="school")
    session(placement, soon(-2))  # over
    return public


def test_mediation_sessions_are_listed_on_the_agenda_with_their_work_and_venue(client, mixed):
    content = html(client.get("/agenda/"))
    assert "Forum des seniors" in content
    assert "Médiation autour de «\u00a0Clairs Obscurs n° 3\u00a0»" in content
    assert content.count("Médiation autour de") == 1  # not the private one, nor the past one
    assert "Pôle social d&#x27;Asnières, 2 rue des Bourguignons, 92600 Asnières-sur-Seine" in (
        content
    )
    assert f'href="/programmes/{UMUO}/oeuvres/clairs-obscurs-3/"' in content
    assert "2 dates trouvées à venir." in content


def test_the_programme_filter_offers_un_mois_une_oeuvre_and_filters_by_it(client, mixed):
    content = html(client.get("/agenda/"))
    assert f'<option value="{UMUO}">Un mois, une œuvre</option>' in content
    content = html(client.get("/agenda/", {"programme": UMUO}))
    assert "Clairs Obscurs" in content and "Forum des seniors" not in content
    content = html(client.get("/agenda/", {"programme": "giga-seniors"}))
    assert "Forum des seniors" in content and "Clairs Obscurs" not in content


def test_the_culture_theme_finds_the_mediation_sessions(client, mixed):
    content = html(client.get("/agenda/", {"theme": "culture"}))
    assert "Clairs Obscurs" in content and "Forum des seniors" not in content
    assert "1 date trouvée" in content
    content = html(client.get("/agenda/", {"theme": "prevention"}))
    assert "Forum des seniors" in content and "Clairs Obscurs" not in content


def test_sessions_are_filtered_by_commune_and_by_public(client, mixed):
    content = html(client.get("/agenda/", {"commune": "92004"}))
    assert "Clairs Obscurs" in content and "Forum des seniors" not in content
    content = html(client.get("/agenda/", {"commune": "92050"}))
    assert "Forum des seniors" in content and "Clairs Obscurs" not in content
    f.audience("Familles", "familles")
    f.audience("Seniors", "seniors")
    assert "Clairs Obscurs" in html(client.get("/agenda/", {"audience": "familles"}))
    assert "Clairs Obscurs" not in html(client.get("/agenda/", {"audience": "seniors"}))


def test_the_feeds_carry_the_mediation_sessions(client, mixed):
    full = parse(client.get("/agenda.ics"))
    assert summaries(full) == {
        "Forum des seniors",
        "Médiation autour de «\u00a0Clairs Obscurs n° 3\u00a0»",
    }
    programme = parse(client.get(f"/agenda/programme/{UMUO}.ics"))
    uids = {str(item["UID"]): item for item in programme.walk("VEVENT")}
    private = MediationSession.objects.get(is_public=False)
    past = MediationSession.objects.get(starts_at__lt=timezone.now())
    # The feeds keep 90 days of history (calendars keep theirs), never a private session.
    assert set(uids) == {f"mediation-{s.pk}@ihds.hauts-de-seine.fr" for s in (mixed, past)}
    assert f"mediation-{private.pk}@ihds.hauts-de-seine.fr" not in uids
    item = uids[f"mediation-{mixed.pk}@ihds.hauts-de-seine.fr"]
    assert item["DTSTART"].dt == mixed.starts_at
    assert item["DTEND"].dt == mixed.starts_at + datetime.timedelta(minutes=60)
    assert item["DTSTART"].params["TZID"] == "Europe/Paris"
    assert "92600 Asnières-sur-Seine" in str(item["LOCATION"])
    assert str(item["URL"]) == f"http://testserver/programmes/{UMUO}/oeuvres/clairs-obscurs-3/"
    assert "Véronique Ellena" in str(item["DESCRIPTION"])
    assert str(item["STATUS"]) == "CONFIRMED"
    assert str(programme["X-WR-CALNAME"]) == "Un mois, une œuvre"
    # The feeds take the agenda's filters.
    assert summaries(parse(client.get("/agenda.ics", {"theme": "culture"}))) == {
        "Médiation autour de «\u00a0Clairs Obscurs n° 3\u00a0»"
    }
    assert summaries(parse(client.get("/agenda.ics?commune=92050&commune=92012"))) == {
        "Forum des seniors"
    }


def test_a_cancelled_placement_cancels_its_sessions_in_the_feed(client, mixed, placement):
    placement.status = "cancelled"
    placement.save()
    items = parse(client.get(f"/agenda/programme/{UMUO}.ics")).walk("VEVENT")
    assert [str(item["STATUS"]) for item in items] == ["CANCELLED", "CANCELLED"]
    assert "Annulé" in html(client.get("/agenda/", {"programme": UMUO}))


def test_sessions_stay_off_while_the_programme_page_is_a_draft(client, mixed, umuo):
    umuo.unpublish()
    assert "Clairs Obscurs" not in html(client.get("/agenda/"))
    assert "Clairs Obscurs" not in client.get("/agenda.ics").content.decode()
    assert client.get(f"/agenda/programme/{UMUO}.ics").status_code == 404
    content = html(client.get("/agenda/", {"programme": UMUO}))
    assert "Ce programme n&#x27;est pas (ou plus) à l&#x27;agenda." in content


def test_upcoming_items_for_the_home_page(mixed, placement):
    items = upcoming_items(limit=5)
    assert [item.title for item in items] == [
        "Forum des seniors",
        "Médiation autour de «\u00a0Clairs Obscurs n° 3\u00a0»",
    ]
    assert items[1].programme.slug == UMUO and items[1].commune_code == "92004"
    assert [i.kind for i in upcoming_items(limit=1)] == ["occurrence"]
    assert [i.kind for i in upcoming_items(limit=5, communes=["92004"])] == ["mediation"]
    assert items[1].url == f"/programmes/{UMUO}/oeuvres/clairs-obscurs-3/"
    # A fixed number of queries, whatever the number of items (no request: the default site).
    with CaptureQueriesContext(connection) as few:
        upcoming_items(limit=5)
    for days in (6, 7, 8):
        session(placement, soon(days))
    with CaptureQueriesContext(connection) as more:
        assert len(upcoming_items(limit=5)) == 5
    assert len(more.captured_queries) == len(few.captured_queries)


# --- pages ------------------------------------------------------------------------------


@pytest.fixture
def twelve_dates(calendar, giga_seniors):
    calendar.per_page = 5
    calendar.save()
    f.weekly_event(giga_seniors, start=soon(1), until=timezone.localdate() + datetime.timedelta(84))
    return calendar


def test_the_agenda_has_numbered_pages(client, twelve_dates):
    content = html(client.get("/agenda/", {"theme": "prevention"}))
    assert "12 dates trouvées" in content
    assert "Page 1 sur 3" in content
    assert 'href="?theme=prevention&amp;page=1" aria-current="page"' in content
    assert 'href="?theme=prevention&amp;page=2" aria-label="Page 2"' in content
    assert 'href="?theme=prevention&amp;page=3" aria-label="Page 3"' in content
    last = html(client.get("/agenda/", {"theme": "prevention", "page": "3"}))
    assert "Page 3 sur 3" in last and last.count('class="occurrence ') == 2


@pytest.mark.parametrize("number", ["0", "-1", "abc", "999", "1.5"])
def test_a_wrong_page_number_is_not_found_rather_than_another_page(client, twelve_dates, number):
    assert client.get("/agenda/", {"page": number}).status_code == 404


def test_several_communes_at_once(client, calendar, giga_seniors):
    for code, title in (("92004", "Asnières"), ("92012", "Boulogne"), ("92050", "Nanterre")):
        venue = VenueFactory(commune=Commune.objects.get(insee_code=code))
        f.event(giga_seniors, f"Atelier {title}", start=soon(2), venue=venue)
    content = html(client.get("/agenda/?commune=92004&commune=92012"))
    assert "Atelier Asnières" in content and "Atelier Boulogne" in content
    assert "Atelier Nanterre" not in content
    assert 'type="checkbox" name="commune" value="92004"' in content
    checked = [part for part in content.split("<input") if "checked" in part and "commune" in part]
    assert {p.split('value="')[1][:5] for p in checked} == {"92004", "92012"}
    content = html(client.get("/agenda/?commune=99999&commune=92050"))
    assert "Commune inconnue" in content


# --- quick periods --------------------------------------------------------------------------

# Thursday 2 May 2030, 10:00 in Paris.
FROZEN = timezone.make_aware(datetime.datetime(2030, 5, 2, 10))


@pytest.fixture
def frozen(monkeypatch, calendar, giga_seniors):
    monkeypatch.setattr(timezone, "now", lambda: FROZEN)

    def at(day, hour, title):
        start = timezone.make_aware(datetime.datetime(2030, *day, hour))
        f.event(giga_seniors, title, start=start)

    at((5, 1), 14, "Hier")
    at((5, 2), 14, "Jeudi")
    at((5, 4), 15, "Samedi")
    at((5, 5), 11, "Dimanche")
    at((5, 6), 9, "Lundi")
    at((5, 20), 9, "Fin mai")
    at((6, 1), 10, "Premier juin")
    return FROZEN


def titles(content):
    names = ["Hier", "Jeudi", "Samedi", "Dimanche", "Lundi", "Fin mai", "Premier juin"]
    return [name for name in names if f">{name}</a>" in content]


def test_quick_periods_with_a_frozen_date(client, frozen):
    assert titles(html(client.get("/agenda/"))) == [
        "Jeudi", "Samedi", "Dimanche", "Lundi", "Fin mai", "Premier juin"
    ]  # fmt: skip
    content = html(client.get("/agenda/", {"periode": "aujourdhui"}))
    assert titles(content) == ["Jeudi"]
    assert "1 date trouvée aujourd&#x27;hui." in content
    content = html(client.get("/agenda/", {"periode": "week-end"}))
    assert titles(content) == ["Samedi", "Dimanche"]
    assert "2 dates trouvées ce week-end (samedi 4 et dimanche 5 mai)." in content
    content = html(client.get("/agenda/", {"periode": "mois"}))
    assert titles(content) == ["Jeudi", "Samedi", "Dimanche", "Lundi", "Fin mai"]
    assert "en mai 2030" in content
    assert 'href="?periode=mois&amp;mois=2030-06" rel="next">juin 2030 ›</a>' in content
    assert "avril 2030" not in content  # no way back into the past
    content = html(client.get("/agenda/", {"periode": "mois", "mois": "2030-06"}))
    assert titles(content) == ["Premier juin"]
    assert 'href="?periode=mois&amp;mois=2030-05" rel="prev">‹ mai 2030</a>' in content
    # A quick period link keeps the other filters and drops the dates and the page.
    content = html(client.get("/agenda/?theme=prevention&date_from=2030-05-10&page=1"))
    assert 'href="?theme=prevention&amp;periode=week-end"' in content
    assert 'href="?theme=prevention&amp;periode=aujourdhui"' in content


def test_the_first_of_the_month_is_written_1er(client, frozen):
    content = html(client.get("/agenda/", {"periode": "mois", "mois": "2030-06"}))
    assert "Samedi 1er juin 2030" in content
    assert "Jeudi 2 mai 2030" in html(client.get("/agenda/"))


def test_no_date_is_worded_aucune(client, frozen):
    content = html(client.get("/agenda/", {"periode": "mois", "mois": "2030-07"}))
    assert "Aucune date trouvée en juillet 2030." in content
    assert "0 date" not in content


# --- subscription ---------------------------------------------------------------------------


def test_subscribe_links_keep_the_filters_but_the_period(client, mixed):
    content = html(
        client.get("/agenda/?commune=92004&commune=92012&theme=culture&periode=week-end&page=1")
    )
    feed = "http://testserver/agenda.ics?commune=92004&commune=92012&theme=culture"
    webcal = feed.replace("http://", "webcal://")
    assert f'href="{webcal.replace("&", "&amp;")}"' in content
    google = next(
        part.split('"')[0]
        for part in content.split('href="')
        if part.startswith("https://calendar.google.com/")
    ).replace("&amp;", "&")
    assert parse_qs(urlsplit(google).query) == {"cid": [webcal]}
    outlook = next(
        part.split('"')[0]
        for part in content.split('href="')
        if part.startswith("https://outlook.live.com/calendar/0/addfromweb")
    ).replace("&amp;", "&")
    assert parse_qs(urlsplit(outlook).query)["url"] == [feed]
    assert "S'abonner à cette sélection" in content
    # With a programme, the programme's own feed, filtered the same way.
    content = html(client.get("/agenda/", {"programme": UMUO, "commune": "92004"}))
    assert f"webcal://testserver/agenda/programme/{UMUO}.ics?commune=92004" in content
    # And that URL serves the filtered dates.
    assert summaries(parse(client.get(f"/agenda/programme/{UMUO}.ics?commune=92050"))) == set()


def test_french_filters():
    assert date_fr(datetime.date(2026, 12, 1), "l j F Y") == "mardi 1er décembre 2026"
    assert date_fr(datetime.date(2026, 12, 2), "j F") == "2 décembre"
    assert date_fr(datetime.date(2026, 12, 1), r"\j j") == "j 1er"
    assert nombre(1800) == "1\u202f800" and nombre(12) == "12"
    assert compte(0, "Aucune date|date|dates") == "Aucune date"
    assert compte(1, "Aucune date|date|dates") == "1 date"
    assert compte(2, "Aucune date|date|dates") == "2 dates"
    assert compte(1234, "Aucune date|date|dates") == "1\u202f234 dates"


# --- cost -----------------------------------------------------------------------------------


def build(giga_seniors, placement, count, offset=0):
    """`count` dates, alternately a Giga Séniors event and a mediation session, day after day."""
    venue = VenueFactory(commune=Commune.objects.get(insee_code="92004"))
    for n in range(offset, offset + count):
        if n % 2:
            session(placement, soon(1 + n % 30, hour=10))
        else:
            f.event(giga_seniors, f"Événement {n}", slug=f"evenement-{n}",
                    start=soon(1 + n % 30, hour=15), venue=venue)  # fmt: skip


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_agenda_and_its_feeds_cost_the_same_queries_with_5_and_40_dates(
    client, calendar, umuo, placement, giga_seniors, django_assert_num_queries
):
    build(giga_seniors, placement, 5)
    urls = [
        "/agenda/",
        "/agenda/?theme=culture",
        "/agenda/?commune=92004&commune=92012&audience=familles",
        "/agenda/?periode=mois",
        "/agenda.ics",
        f"/agenda/programme/{UMUO}.ics",
    ]
    for url in urls:
        client.get(url)
    small = {url: count_queries(client, url) for url in urls}
    build(giga_seniors, placement, 35, offset=5)
    assert "40 dates trouvées" in html(client.get("/agenda/"))
    for url in urls:
        with django_assert_num_queries(small[url]):
            assert client.get(url).status_code == 200


def test_a_wrong_month_is_explained_and_the_current_month_shown(client, frozen):
    content = html(client.get("/agenda/", {"periode": "mois", "mois": "2030-13"}))
    assert "Mois invalide : écrivez-le AAAA-MM (2026-12)." in content
    assert titles(content) == ["Jeudi", "Samedi", "Dimanche", "Lundi", "Fin mai"]


# --- a venue's dates --------------------------------------------------------------------------

VENUE_PAGE = f"/programmes/{UMUO}/lieux/pole-asnieres/"


@pytest.fixture
def at_the_pole(mixed, giga_seniors, asnieres_pole):
    """Besides the mediation session at the Asnières pole, an event there and one in Nanterre."""
    f.event(giga_seniors, "Atelier mémoire au pôle", start=soon(6), venue=asnieres_pole)
    return asnieres_pole


def test_the_agenda_filters_by_venue_and_shows_the_filter_with_a_way_to_remove_it(
    client, at_the_pole
):
    content = html(client.get("/agenda/", {"lieu": "pole-asnieres"}))
    assert "Clairs Obscurs" in content and "Atelier mémoire au pôle" in content
    assert "Forum des seniors" not in content
    assert "2 dates trouvées à venir." in content
    assert "Dates dans ce lieu" in content
    assert '<span class="active-filter">Pôle social d&#x27;Asnières</span>' in content
    assert '<a href="?">Retirer<span class="visually-hidden"> le lieu' in content
    # Kept by the filter form (hidden) and counted as an active filter.
    assert '<input type="hidden" name="lieu" value="pole-asnieres"' in content
    assert "(1 filtre actif)" in content
    # Several venues at once; removing one keeps the other.
    forum_venue = Occurrence.objects.get(event__title="Forum des seniors").venue
    content = html(client.get(f"/agenda/?lieu=pole-asnieres&lieu={forum_venue.code}"))
    assert "3 dates trouvées" in content and "Forum des seniors" in content
    assert f'href="?lieu={forum_venue.code}">Retirer' in content
    assert 'href="?lieu=pole-asnieres">Retirer' in content
    # With the other filters: only the culture dates of the venue.
    content = html(client.get("/agenda/", {"lieu": "pole-asnieres", "theme": "culture"}))
    assert "Clairs Obscurs" in content and "Atelier mémoire" not in content


def test_an_unknown_venue_is_explained_in_french_and_the_other_filters_apply(client, mixed):
    content = html(client.get("/agenda/", {"lieu": "nulle-part", "theme": "culture"}))
    assert "Lieu inconnu : nulle-part." in content
    assert "Clairs Obscurs" in content and "Forum des seniors" not in content


def test_pages_and_subscriptions_keep_the_venue(client, calendar, umuo, placement):
    calendar.per_page = 5
    calendar.save()
    for days in range(1, 7):
        session(placement, soon(days))
    session(PlacementFactory(venue=VenueFactory(code="ailleurs")), soon(1))
    content = html(client.get("/agenda/", {"lieu": "pole-asnieres"}))
    assert "6 dates trouvées" in content
    assert 'href="?lieu=pole-asnieres&amp;page=2" aria-label="Page 2"' in content
    assert "webcal://testserver/agenda.ics?lieu=pole-asnieres" in content
    assert f"webcal://testserver/agenda/programme/{UMUO}.ics?lieu=pole-asnieres" in html(
        client.get("/agenda/", {"lieu": "pole-asnieres", "programme": UMUO})
    )
    feed = parse(client.get("/agenda.ics", {"lieu": "pole-asnieres"}))
    assert len(feed.walk("VEVENT")) == 6
    assert all("Pôle social d'Asnières" in str(e["LOCATION"]) for e in feed.walk("VEVENT"))
    assert len(parse(client.get("/agenda.ics")).walk("VEVENT")) == 7


def test_upcoming_items_of_a_venue(at_the_pole):
    items = upcoming_items(limit=5, venues=["pole-asnieres"])
    assert [(i.kind, i.title) for i in items] == [
        ("mediation", "Médiation autour de «\u00a0Clairs Obscurs n° 3\u00a0»"),
        ("occurrence", "Atelier mémoire au pôle"),
    ]
    assert upcoming_items(limit=5, venues=["nulle-part"]) == []


def test_the_venue_page_lists_its_next_dates_with_a_calendar_file_each(client, at_the_pole):
    content = html(client.get(VENUE_PAGE))
    assert "Prochaines dates dans ce lieu" in content
    mediation = MediationSession.objects.get(is_public=True, starts_at__gt=timezone.now())
    day = date_fr(timezone.localtime(mediation.starts_at), "l j F Y")
    assert f">{day[0].upper()}{day[1:]}, 14h00–15h00</time>" in content
    assert f'<a href="/programmes/{UMUO}/oeuvres/clairs-obscurs-3/">Médiation autour de' in content
    event = EventPage.objects.get(title="Atelier mémoire au pôle")
    assert f'<a href="{event.url}">Atelier mémoire au pôle</a>' in content
    assert "Forum des seniors" not in content  # another venue
    occurrence = event.occurrences.get()
    assert f'href="/agenda/date/{occurrence.uuid}.ics" download>Ajouter à mon agenda' in content
    assert f'href="/agenda/mediation/{mediation.pk}.ics" download>Ajouter à mon agenda' in content
    assert '<a href="/agenda/?lieu=pole-asnieres">Toutes les dates de ce lieu</a>' in content
    # The link leads to those dates.
    assert "2 dates trouvées" in html(client.get("/agenda/?lieu=pole-asnieres"))


def test_a_venue_without_dates_says_so(client, umuo, calendar):
    VenueFactory(code="salle-vide", name="Salle vide")
    content = html(client.get(f"/programmes/{UMUO}/lieux/salle-vide/"))
    assert "Aucune date prévue dans ce lieu pour le moment." in content
    assert "Ajouter à mon agenda" not in content
    assert '<a href="/agenda/?lieu=salle-vide">Toutes les dates de ce lieu</a>' in content


def test_a_mediation_session_downloads_as_a_one_date_calendar(client, mixed, umuo):
    response = client.get(f"/agenda/mediation/{mixed.pk}.ics")
    calendar = parse(response)
    assert response["Content-Disposition"].startswith('attachment; filename="mediation-clairs')
    (item,) = calendar.walk("VEVENT")
    assert str(item["UID"]) == f"mediation-{mixed.pk}@ihds.hauts-de-seine.fr"
    assert item["DTSTART"].dt == mixed.starts_at
    assert "Pôle social d'Asnières" in str(item["LOCATION"])
    private = MediationSession.objects.get(is_public=False)
    assert client.get(f"/agenda/mediation/{private.pk}.ics").status_code == 404
    assert client.get("/agenda/mediation/999999.ics").status_code == 404
    umuo.unpublish()
    assert client.get(f"/agenda/mediation/{mixed.pk}.ics").status_code == 404


def test_the_venue_page_costs_the_same_queries_with_1_and_5_dates(
    client, calendar, umuo, placement, giga_seniors, asnieres_pole, django_assert_num_queries
):
    session(placement, soon(1))  # one date of each source
    f.event(giga_seniors, "Atelier 1", slug="atelier-1", start=soon(1, 16), venue=asnieres_pole)
    client.get(VENUE_PAGE)
    small = count_queries(client, VENUE_PAGE)
    for n in range(2, 5):
        session(placement, soon(n))
        f.event(giga_seniors, f"Atelier {n}", slug=f"atelier-{n}", start=soon(n, 16),
                venue=asnieres_pole)  # fmt: skip
    assert html(client.get(VENUE_PAGE)).count("Ajouter à mon agenda") == 5
    with django_assert_num_queries(small):
        client.get(VENUE_PAGE)
