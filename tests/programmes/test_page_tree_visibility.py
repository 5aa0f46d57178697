"""Public visibility follows the page tree (issue 12, item 6): a date is public only if its event
page and every ancestor (the programme, the programme index) are live and carry no view
restriction — on the agenda, every .ics feed, the search, the sitemap and the JSON-LD."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from home.visibility import public_pages
from programmes.models import Occurrence
from tests.programmes import factories as f

pytestmark = pytest.mark.django_db

SECRET = "Atelier-confidentiel-Zephyr"
OPEN = "Atelier-ouvert-Boreal"


@pytest.fixture
def tree(db):
    """Two programmes, each with one upcoming public event, and the agenda page."""
    calendar = f.calendar_page()
    soon = timezone.now() + timedelta(days=3)
    hidden_programme = f.programme("Programme réservé")
    open_programme = f.programme("Programme ouvert")
    hidden_event = f.event(
        hidden_programme, SECRET, start=soon, summary=f"{SECRET} : une rencontre."
    )
    open_event = f.event(open_programme, OPEN, start=soon, summary=f"{OPEN} : une rencontre.")
    return {
        "calendar": calendar,
        "programme": hidden_programme,
        "open_programme": open_programme,
        "event": hidden_event,
        "open_event": open_event,
        "occurrence": hidden_event.occurrences.get(),
    }


def restrict(page, kind):
    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type=kind,
        password="secret" if kind == PageViewRestriction.PASSWORD else "",
    )
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.create(name="Partenaires invités"))
    return restriction


def text(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def assert_hidden_everywhere(client, tree):
    """The hidden event's dates are on no public surface; the open one's are on all of them."""
    event, occurrence = tree["event"], tree["occurrence"]
    assert list(Occurrence.objects.public()) == [tree["open_event"].occurrences.get()]

    agenda = text(client, tree["calendar"].url)
    assert OPEN in agenda and SECRET not in agenda
    # Filtering the agenda on the hidden programme finds nothing (the choice is refused).
    filtered = text(client, tree["calendar"].url, programme=tree["programme"].slug)
    assert SECRET not in filtered

    full_feed = text(client, "/agenda.ics")
    assert OPEN in full_feed and SECRET not in full_feed
    assert occurrence.ical_uid not in full_feed
    assert client.get(f"/agenda/programme/{tree['programme'].slug}.ics").status_code == 404
    assert client.get(f"/agenda/evenement/{event.pk}.ics").status_code == 404
    assert client.get(f"/agenda/date/{occurrence.uuid}.ics").status_code == 404
    # The open programme's feeds are untouched.
    assert OPEN in text(client, f"/agenda/programme/{tree['open_programme'].slug}.ics")
    open_occurrence = tree["open_event"].occurrences.get()
    assert client.get(f"/agenda/date/{open_occurrence.uuid}.ics").status_code == 200

    search = text(client, "/recherche/", q="rencontre")
    assert OPEN in search and SECRET not in search

    sitemap = text(client, "/sitemap.xml")
    assert tree["open_event"].url in sitemap
    assert event.slug not in sitemap

    # The event page itself gives away neither its dates nor its JSON-LD.
    response = client.get(event.url)
    body = response.content.decode()
    assert response.status_code != 200 or "application/ld+json" not in body
    assert SECRET not in body


@pytest.mark.parametrize(
    "kind",
    [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN, PageViewRestriction.GROUPS],
)
def test_a_restricted_programme_takes_its_dates_off_every_public_surface(client, tree, kind):
    restrict(tree["programme"], kind)
    assert_hidden_everywhere(client, tree)


def test_a_restriction_two_levels_up_counts_too(client, tree):
    """A restricted programme index hides every programme under it, listings included."""
    restrict(f.programme_index(), PageViewRestriction.LOGIN)
    assert not Occurrence.objects.public().exists()
    assert OPEN not in text(client, "/agenda.ics")
    assert OPEN not in text(client, tree["calendar"].url)


def test_a_draft_programme_takes_its_live_events_off_every_public_surface(client, tree):
    tree["programme"].unpublish()  # Wagtail leaves the event itself live
    tree["event"].refresh_from_db()
    assert tree["event"].live
    assert_hidden_everywhere(client, tree)
    assert client.get(tree["event"].url).status_code == 404


def test_a_draft_programme_index_takes_everything_under_it_off_the_site(client, tree):
    index = f.programme_index()
    index.unpublish()
    assert not Occurrence.objects.public().exists()
    assert client.get(tree["open_event"].url).status_code == 404
    assert client.get(tree["open_programme"].url).status_code == 404
    assert OPEN not in text(client, "/agenda.ics")
    assert OPEN not in text(client, "/sitemap.xml")
    assert OPEN not in text(client, "/recherche/", q="rencontre")


def test_lifting_the_restriction_brings_the_dates_back(client, tree):
    restriction = restrict(tree["programme"], PageViewRestriction.PASSWORD)
    assert SECRET not in text(client, "/agenda.ics")
    restriction.delete()
    assert SECRET in text(client, "/agenda.ics")
    assert SECRET in text(client, tree["calendar"].url)


def test_the_rule_costs_no_query_of_its_own(tree, django_assert_num_queries):
    restrict(tree["programme"], PageViewRestriction.PASSWORD)
    f.programme_index()  # built outside the measured block
    with django_assert_num_queries(1):
        assert len(list(Occurrence.objects.public())) == 1
    with django_assert_num_queries(1):
        titles = {page.title for page in public_pages(Page.objects.all())}
    assert tree["open_event"].title in titles
    assert tree["event"].title not in titles and tree["programme"].title not in titles


def test_public_pages_match_wagtails_rule_where_wagtails_is_right(tree):
    """Without drafts in the tree, the rule agrees with Wagtail's live().public()."""
    restrict(tree["programme"], PageViewRestriction.LOGIN)
    ours = set(public_pages(Page.objects.all()).values_list("pk", flat=True))
    wagtails = set(Page.objects.live().public().filter(depth__gt=1).values_list("pk", flat=True))
    assert ours == wagtails


def test_un_mois_une_oeuvre_under_a_draft_or_restricted_index_leaves_the_site(client, tree):
    """The « Un mois, une œuvre » page serves its works from routes under it: a draft or
    restricted ancestor takes the routes off the site, the listing and the sitemap too."""
    from artworks.models import ArtworkProgrammePage

    index = f.programme_index()
    page = index.add_child(
        instance=ArtworkProgrammePage(title="Un mois, une œuvre", slug="un-mois-une-oeuvre")
    )
    assert client.get(page.url).status_code == 200
    assert "Un mois, une œuvre" in text(client, index.url)
    assert page.url in text(client, "/sitemap.xml")

    restriction = restrict(page, PageViewRestriction.LOGIN)
    assert client.get(page.url + "oeuvres/inconnue/").status_code == 302  # to the login
    assert "Un mois, une œuvre" not in text(client, index.url)
    assert page.url not in text(client, "/sitemap.xml")
    restriction.delete()

    index.unpublish()
    assert client.get(page.url).status_code == 404
    assert client.get(page.url + "oeuvres/inconnue/").status_code == 404
    assert page.url not in text(client, "/sitemap.xml")
