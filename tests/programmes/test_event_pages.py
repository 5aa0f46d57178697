"""The event page answers the visitor: the next dates first, each place once, how to book,
« Complet », nothing to add to a calendar once past, public holidays, JSON-LD with real URLs."""

import json
import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programmes.models import EventPage, Recurrence
from tests.programmes import factories as f

pytestmark = pytest.mark.django_db

BOOKING_URL = "https://billetterie.example.org/atelier"


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def body_of(content):
    """The page without its <head> (where the JSON-LD repeats each date's address)."""
    return content.split("</head>", 1)[1]


def json_ld(content):
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    return json.loads(found.group(1))


def weekly_from_tomorrow(programme, weeks, **fields):
    start = timezone.localtime(timezone.now() + timedelta(days=1)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    return f.weekly_event(
        programme, start=start, until=start.date() + timedelta(weeks=weeks - 1), **fields
    )


def test_sixty_weekly_dates_show_five_fold_fifty_and_send_to_the_agenda(
    client, giga_seniors, residence
):
    f.calendar_page()
    event = weekly_from_tomorrow(giga_seniors, 60, title="Atelier mémoire", venue=residence)
    assert event.occurrences.count() == 60
    body = body_of(html(client.get(event.url)))
    # One address and one accessibility note for the one venue, not one per date.
    assert body.count("Allée des Tilleuls") == 1
    assert body.count("Ascenseur, accès PMR.") == 1
    assert body.count('<li class="occurrence') == 55
    first, folded = body.split("<details", 1)
    assert first.count('<li class="occurrence') == 5
    assert "<summary>Voir les 50 autres dates</summary>" in folded
    assert "5 autres dates plus tard" in body
    assert 'href="/agenda/?programme=giga-seniors"' in body


def test_a_date_at_another_place_names_it_and_each_place_is_printed_once(
    client, giga_seniors, residence, gennevilliers
):
    from tests.factories import VenueFactory

    other = VenueFactory(
        name="Centre social Aimé Césaire",
        address="3 rue des Agnettes",
        commune=gennevilliers,
        accessibility_notes="Rampe d'accès.",
    )
    event = weekly_from_tomorrow(giga_seniors, 4, venue=residence)
    last = event.occurrences.order_by("start").last()
    last.move(last.start, last.end, venue=other)
    body = body_of(html(client.get(event.url)))
    assert '<h2 id="lieux">Lieux</h2>' in body
    assert body.count("Allée des Tilleuls") == 1 and body.count("3 rue des Agnettes") == 1
    assert body.count("Rampe d&#x27;accès.") == 1
    assert body.count("Résidence Les Tilleuls, Nanterre") == 3
    assert body.count("Centre social Aimé Césaire, Gennevilliers") == 1


def test_the_booking_ways_are_shown_with_the_places(client, giga_seniors, residence):
    event = weekly_from_tomorrow(
        giga_seniors, 2, venue=residence, capacity=15, booking_url=BOOKING_URL,
        booking_phone="01 41 37 11 00", booking_email="inscriptions@example.org",
    )  # fmt: skip
    body = body_of(html(client.get(event.url)))
    assert "<strong>Places :</strong> 15" in body
    assert f'<a class="button" href="{BOOKING_URL}" rel="noopener">S\'inscrire</a>' in body
    assert 'href="tel:+33141371100">01 41 37 11 00</a>' in body
    assert 'href="mailto:inscriptions@example.org"' in body
    assert body.count(f'href="{BOOKING_URL}"') == 3  # the button and each date


def test_without_booking_ways_the_programme_contact_answers(client, giga_seniors):
    giga_seniors.contact_name = "Mme Durand"
    giga_seniors.contact_phone = "01 47 29 30 00"
    giga_seniors.save()
    event = weekly_from_tomorrow(giga_seniors, 1, capacity=15)
    body = body_of(html(client.get(event.url)))
    assert "Renseignements auprès de Mme Durand" in body
    assert 'href="tel:0147293000"' in body


def test_a_full_date_says_complet_and_offers_no_booking(client, giga_seniors):
    event = weekly_from_tomorrow(giga_seniors, 3, capacity=15, booking_url=BOOKING_URL)
    first, second, third = event.occurrences.order_by("start")
    second.is_full = True
    second.save()
    content = html(client.get(event.url))
    body = body_of(content)
    assert body.count('<strong class="badge badge--full">Complet</strong>') == 1
    assert "Certaines dates sont complètes" in body
    assert body.count(f'href="{BOOKING_URL}"') == 3  # the button and the two open dates
    availability = [item["offers"]["availability"] for item in json_ld(content)]
    assert availability == [
        "https://schema.org/InStock",
        "https://schema.org/SoldOut",
        "https://schema.org/InStock",
    ]

    event.occurrences.update(is_full=True)
    body = body_of(html(client.get(event.url)))
    assert "Toutes les dates à venir sont complètes." in body
    assert "S'inscrire" not in body


def test_marking_a_date_full_in_the_admin_keeps_it_under_the_rule(client, programme_staff):
    event = f.weekly_event(f.programme("Sourires d'été", theme="isolement"))
    occurrence = event.occurrences.order_by("start").first()
    client.force_login(programme_staff)
    url = reverse("wagtailsnippets_programmes_occurrence:edit", args=(occurrence.pk,))
    local = timezone.localtime
    response = client.post(
        url,
        {
            "start": local(occurrence.start).strftime("%d/%m/%Y %H:%M"),
            "end": local(occurrence.end).strftime("%d/%m/%Y %H:%M"),
            "venue": "",
            "address": "",
            "commune": occurrence.commune_id or "",
            "status": occurrence.status,
            "is_full": "on",
            "note": "",
        },
    )
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.is_full and not occurrence.changed_by_hand


def test_past_dates_offer_nothing_to_add_to_a_calendar(client, giga_seniors):
    event = f.event(giga_seniors, "Forum passé", start=timezone.now() - timedelta(days=10),
                    booking_url=BOOKING_URL, capacity=15)  # fmt: skip
    body = body_of(html(client.get(event.url)))
    assert "Cet événement est terminé" in body
    assert "Date passée" in body
    assert "Ajouter à mon agenda" not in body
    assert "/agenda/date/" not in body and ".ics" not in body
    assert "S'inscrire" not in body and "Places :" not in body


def test_past_dates_of_a_running_series_are_not_listed(client, giga_seniors):
    # Three weeks ago plus a day: three dates past, none today (whatever the time of the run).
    start = timezone.localtime(timezone.now() - timedelta(weeks=3) + timedelta(days=1)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    event = f.weekly_event(giga_seniors, start=start, until=start.date() + timedelta(weeks=5))
    upcoming = list(event.occurrences.filter(end__gte=timezone.now()).order_by("start"))
    body = body_of(html(client.get(event.url)))
    assert body.count('<li class="occurrence') == len(upcoming)
    assert body.count("/agenda/date/") == len(upcoming)
    for occurrence in upcoming:
        assert f"/agenda/date/{occurrence.uuid}.ics" in body
    assert "3 dates passées ne figurent plus ici." in body


def test_skipping_public_holidays_leaves_out_easter_monday_and_14_july(giga_seniors):
    easter = f.weekly_event(giga_seniors, title="Lundis de printemps",
                            start=f.paris(2030, 4, 15, 10), until=date(2030, 4, 29),
                            skip_public_holidays=True)  # fmt: skip
    days = [timezone.localtime(o.start).date() for o in easter.occurrences.order_by("start")]
    assert days == [date(2030, 4, 15), date(2030, 4, 29)]  # 22 April 2030: lundi de Pâques

    summer = f.weekly_event(giga_seniors, title="Lundis d'été", start=f.paris(2031, 7, 7, 10),
                            until=date(2031, 7, 21))  # fmt: skip
    assert summer.occurrences.count() == 3
    summer.skip_public_holidays = True
    summer.save_revision().publish()  # the dates follow the published rule
    days = [timezone.localtime(o.start).date() for o in summer.occurrences.order_by("start")]
    assert days == [date(2031, 7, 7), date(2031, 7, 21)]


def test_a_list_of_dates_skips_public_holidays_too(giga_seniors):
    event = f.event(
        giga_seniors, "Tournée du bus", recurrence=Recurrence.DATES, skip_public_holidays=True,
        planned=[f.stop(date(2030, 5, 1)), f.stop(date(2030, 5, 2))],
    )  # fmt: skip
    days = [timezone.localtime(o.start).date() for o in event.occurrences.all()]
    assert days == [date(2030, 5, 2)]


def test_a_date_on_a_public_holiday_carries_a_caveat(client, giga_seniors):
    event = f.weekly_event(giga_seniors, title="Lundis", start=f.paris(2030, 4, 15, 10),
                           until=date(2030, 4, 29))  # fmt: skip
    body = body_of(html(client.get(event.url)))
    assert body.count("jour férié") == 1
    assert "Attention : jour férié (Lundi de Pâques)." in body


def test_a_single_date_on_a_holiday_is_refused_when_holidays_are_skipped(giga_seniors):
    page = EventPage(title="Bal", slug="bal", summary="x", starts_at=f.paris(2030, 7, 14, 20),
                     ends_at=f.paris(2030, 7, 14, 23), skip_public_holidays=True)  # fmt: skip
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "Cette date est un jour férié (Fête nationale)" in str(error.value)


def test_booking_fields_are_checked_in_french(giga_seniors):
    page = EventPage(title="Atelier", slug="atelier", summary="x",
                     starts_at=f.paris(2030, 3, 5, 14), ends_at=f.paris(2030, 3, 5, 16),
                     booking_phone="12 34", booking_email="pas-un-courriel",
                     booking_url="ftp://example.org/inscription")  # fmt: skip
    with pytest.raises(ValidationError) as error:
        page.clean_fields(exclude=["path", "depth", "content_type"])
    errors = error.value.message_dict
    assert errors["booking_phone"] == [
        "Saisissez un numéro de téléphone français à 10 chiffres, par exemple 01 41 37 11 00 "
        "ou +33 1 41 37 11 00."
    ]
    assert "Saisissez une adresse de courriel valide." in errors["booking_email"]
    assert "Saisissez une URL valide." in errors["booking_url"]

    page.booking_phone = "+33 1.41.37.11.00"
    page.clean()
    assert page.booking_phone == "01 41 37 11 00"


def test_the_event_form_shows_the_new_fields_in_french(client, programme_staff, giga_seniors):
    event = f.event(giga_seniors, "Forum")
    client.force_login(programme_staff)
    content = html(client.get(reverse("wagtailadmin_pages:edit", args=(event.pk,))))
    for label in ("Inscription", "Lien d&#x27;inscription", "Téléphone d&#x27;inscription",
                  "Courriel d&#x27;inscription", "Ne pas programmer les jours fériés"):  # fmt: skip
        assert label in content, label


def test_json_ld_lists_each_date_with_absolute_urls(client, giga_seniors, residence):
    from wagtail.models import Site

    assert Site.objects.get(is_default_site=True).hostname == "localhost"
    event = weekly_from_tomorrow(giga_seniors, 3, venue=residence, booking_url=BOOKING_URL)
    event.occurrences.order_by("start")[1].cancel("Grève")
    items = json_ld(html(client.get(event.url)))
    assert len(items) == 3
    for item in items:
        assert item["@type"] == "Event" and item["name"] == event.title
        assert item["url"] == f"http://testserver{event.url}"
        assert "localhost" not in json.dumps(item)
        assert item["location"]["@type"] == "Place"
        assert item["location"]["address"]["streetAddress"] == "Allée des Tilleuls"
        assert item["offers"]["url"] == BOOKING_URL
        assert item["startDate"] < item["endDate"]
    statuses = [item["eventStatus"] for item in items]
    assert statuses[1] == "https://schema.org/EventCancelled"
    assert statuses[0] == statuses[2] == "https://schema.org/EventScheduled"


def test_dates_follow_french_typography(client, giga_seniors):
    event = f.event(giga_seniors, "Goûter", start=f.paris(2030, 12, 1, 14, 30))
    body = body_of(html(client.get(event.url)))
    assert "dimanche 1er décembre 2030, 14\u00a0h\u00a030–16\u00a0h\u00a030" in body
    template = Template(
        "{% load programmes_tags %}{{ d|french_date:'court' }} · {{ d|french_time }}"
    )
    assert template.render(Context({"d": f.paris(2030, 3, 5, 9)})) == "5 mars · 9\u00a0h"


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_event_page_costs_the_same_queries_with_60_and_120_dates(client, giga_seniors,
                                                                     residence):  # fmt: skip
    f.calendar_page()
    short = weekly_from_tomorrow(giga_seniors, 60, title="Court", venue=residence)
    long = weekly_from_tomorrow(giga_seniors, 120, title="Long", venue=residence)
    client.get(short.url)  # warm the per-process caches (site root, settings)
    assert count_queries(client, short.url) == count_queries(client, long.url)
