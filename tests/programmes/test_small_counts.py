"""Small counts (issue 12, item 7): no published figure, wording or neighbouring figure lets a
reader find a count from 1 to 4 — the suppression rules alone, then the programme page."""

import itertools
import re
from datetime import datetime

import pytest
from django.utils import timezone

from programmes.disclosure import (
    WITHHELD,
    is_small,
    publishable_total,
    unbounded_count,
)
from programmes.templatetags.programmes_tags import aggregate_count
from tests.factories import VenueFactory
from tests.programmes import factories as f

# --- The rules, without a database -----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, "—"), (0, "0"), (1, "moins de 5"), (4, "moins de 5"), (5, "5"), (1800, "1\u202f800")],
)
def test_primary_suppression(value, shown):
    assert aggregate_count(value) == shown


def test_a_withheld_figure_reads_non_publie():
    assert aggregate_count(WITHHELD) == "non publié"
    assert not is_small(WITHHELD)


@pytest.mark.parametrize(
    ("total", "cells"),
    [
        (55, [52, 3]),  # one small part: 55 - 52 gives it
        (57, [55, 1, 1]),  # two small parts adding up to 2: each is 1
        (63, [55, 4, 4]),  # two small parts adding up to 8: each is 4
        (54, [50, 0, 4]),  # a small unpublished remainder
        (7, [2, 5]),  # a part of 5 or more does not protect the small one
    ],
)
def test_a_total_with_a_small_cell_is_withheld(total, cells):
    assert publishable_total(total, cells) is WITHHELD


@pytest.mark.parametrize(
    ("total", "cells"),
    [(60, [30, 30, 0]), (10, [5, 5]), (0, [0, 0]), (3, [3]), (None, [])],
)
def test_a_total_without_small_cells_or_small_itself_is_kept(total, cells):
    assert publishable_total(total, cells) == total


@pytest.mark.parametrize(("value", "kept"), [(None, None), (0, None), (4, None), (5, 5), (12, 12)])
def test_counts_bounded_by_a_list_are_left_out_when_small(value, kept):
    assert unbounded_count(value) == kept


def display(parts, total_rule):
    return (aggregate_count(total_rule(sum(parts), parts)), *map(aggregate_count, parts))


def deducible_cells(total_rule, size=3, top=8):
    """Every table of `size` parts from 0 to top-1 with its total, shown through `total_rule`:
    the (table, cell) pairs where a reader who sees the display can tell a « moins de 5 » cell's
    exact value, because every table giving the same display has the same value there."""
    by_display = {}
    for parts in itertools.product(range(top), repeat=size):
        by_display.setdefault(display(parts, total_rule), []).append(parts)
    found = []
    for shown, tables in by_display.items():
        for cell in range(size):
            if shown[cell + 1] == "moins de 5" and len({t[cell] for t in tables}) == 1:
                found.append((tables[0], cell))
    return found


def test_no_suppressed_cell_can_be_deduced_from_the_published_total():
    assert deducible_cells(publishable_total) == []


def test_the_exhaustive_check_finds_the_leak_of_an_always_published_total():
    """The check above bites: publishing every total lets a reader find suppressed cells."""
    leaks = deducible_cells(lambda total, cells: total)
    assert ((6, 3, 0), 1) in leaks  # 9 shown, 6 shown, 0 shown: the « moins de 5 » is 3


# --- The programme page ----------------------------------------------------------------------


def this_year(month=1, day=10):
    return timezone.make_aware(datetime(timezone.localdate().year, month, day, 14))


def last_year():
    return timezone.make_aware(datetime(timezone.localdate().year - 1, 6, 10, 14))


def record(programme, title, start, total, edition=None, venue=None):
    from programmes.models import AttendanceRecord

    event = f.event(programme, title, start=start, edition=edition, venue=venue, is_public=False)
    return AttendanceRecord.objects.create(occurrence=event.occurrences.get(), total=total)


def page(client, programme):
    response = client.get(programme.url)
    assert response.status_code == 200
    return response.content.decode()


def edition_block(content, edition):
    match = re.search(rf'<section class="edition" aria-labelledby="edition-{edition.pk}">(.*?)'
                      r"</section>", content, re.S)  # fmt: skip
    assert match, edition.name
    return match.group(1)


def year_people(content):
    return re.search(r'<dd class="reach-year-people">(.*?)</dd>', content).group(1)


@pytest.mark.django_db
def test_few_sessions_in_one_venue_give_away_neither_figure_nor_singular(client, giga_seniors):
    """« Séances réalisées : moins de 5 dans moins de 5 lieu » beside « Lieux concernés : 1 »."""
    college = VenueFactory(name="Collège Voltaire", kind="college")
    edition = f.edition(giga_seniors, "Édition de l'année", start=this_year().date())
    edition.venues.add(college)
    edition.save()
    for number in range(3):
        record(giga_seniors, f"Séance {number}", this_year(day=10 + number), 12, edition, college)
    block = edition_block(page(client, giga_seniors), edition)
    assert "Collège Voltaire" in block  # the planned venues stay listed
    assert '<dd class="reach-sessions">moins de 5</dd>' in block
    assert " lieu" not in block.split("Séances réalisées")[1]


@pytest.mark.django_db
def test_the_venues_of_an_edition_show_only_from_five(client, giga_seniors):
    college = VenueFactory(name="Collège Voltaire", kind="college")
    edition = f.edition(giga_seniors, "Édition de l'année", start=this_year().date())
    for number in range(6):
        record(giga_seniors, f"Séance {number}", this_year(day=10 + number), 12, edition, college)
    block = edition_block(page(client, giga_seniors), edition)
    assert '<dd class="reach-sessions">6</dd>' in block  # the venue (1) is left out, not worded
    others = [VenueFactory(name=f"Lieu {n}") for n in range(4)]
    for number, venue in enumerate(others):
        record(giga_seniors, f"Autre {number}", this_year(day=20 + number), 12, edition, venue)
    block = edition_block(page(client, giga_seniors), edition)
    assert '<dd class="reach-sessions">10 dans 5 lieux</dd>' in block


@pytest.mark.django_db
def test_the_year_total_is_withheld_when_an_edition_of_the_year_is_small(client, giga_seniors):
    """52 + « moins de 5 » = 55 would give the small edition away."""
    big = f.edition(giga_seniors, "Grande édition", start=this_year().date())
    small = f.edition(giga_seniors, "Petite édition", start=this_year().date())
    record(giga_seniors, "Forum", this_year(day=10), 26, big)
    record(giga_seniors, "Forum bis", this_year(day=11), 26, big)
    record(giga_seniors, "Atelier", this_year(day=12), 3, small)
    content = page(client, giga_seniors)
    assert year_people(content) == "non publié"
    assert '<dd class="reach-people">52</dd>' in edition_block(content, big)
    assert '<dd class="reach-people">moins de 5</dd>' in edition_block(content, small)
    assert "55" not in content


@pytest.mark.django_db
def test_the_year_total_is_withheld_when_an_edition_began_with_a_few_people_last_year(
    client, giga_seniors
):
    """Edition 52 (2 last year, 50 this year) beside « 50 this year » would give the 2."""
    edition = f.edition(giga_seniors, "Édition à cheval", start=last_year().date())
    record(giga_seniors, "Lancement", last_year(), 2, edition)
    record(giga_seniors, "Forum", this_year(), 50, edition)
    content = page(client, giga_seniors)
    assert '<dd class="reach-people">52</dd>' in edition_block(content, edition)
    assert year_people(content) == "non publié"


@pytest.mark.django_db
def test_the_year_total_is_withheld_when_few_people_came_outside_any_edition(client, giga_seniors):
    edition = f.edition(giga_seniors, "Édition de l'année", start=this_year().date())
    record(giga_seniors, "Forum", this_year(day=10), 52, edition)
    record(giga_seniors, "Permanence", this_year(day=11), 3)  # no edition
    content = page(client, giga_seniors)
    assert year_people(content) == "non publié"
    assert "55" not in content


@pytest.mark.django_db
def test_the_year_total_is_published_when_no_cell_is_small(client, giga_seniors):
    first = f.edition(giga_seniors, "Première", start=this_year().date())
    second = f.edition(giga_seniors, "Seconde", start=this_year().date())
    record(giga_seniors, "Forum", this_year(day=10), 30, first)
    record(giga_seniors, "Atelier", this_year(day=11), 20, second)
    record(giga_seniors, "Ancien forum", last_year(), 40)  # another year, outside any edition
    content = page(client, giga_seniors)
    assert year_people(content) == "50"
    assert ">non publié<" not in content


@pytest.mark.django_db
def test_small_counts_of_places_reached_this_year_are_left_out(client, giga_seniors, residence):
    record(giga_seniors, "Atelier", this_year(), 18, venue=residence)
    content = page(client, giga_seniors)
    assert year_people(content) == "18"
    assert "reach-year-venues" not in content and "reach-year-communes" not in content
    for number in range(5):
        venue = VenueFactory(name=f"Lieu {number}", commune=residence.commune)
        record(giga_seniors, f"Atelier {number}", this_year(day=11 + number), 10, venue=venue)
    content = page(client, giga_seniors)
    assert '<dd class="reach-year-venues">6</dd>' in content
    assert "reach-year-communes" not in content  # a single commune
