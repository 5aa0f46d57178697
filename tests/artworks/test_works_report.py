"""« Un mois, une œuvre » report: works shown, venues reached, mediation attendance."""

import datetime

import pytest
from django.urls import reverse

from tests.artworks.factories import ArtworkFactory, MediationSessionFactory, PlacementFactory
from tests.factories import VenueFactory
from tests.spreadsheets.helpers import listing_download

pytestmark = pytest.mark.django_db


def test_report_totals_equal_the_records_and_the_xlsx(client, programme_staff):
    pole = VenueFactory(name="Pôle social Asnières", code="pole-asn")
    pmi = VenueFactory(name="PMI Gennevilliers", code="pmi-gen")
    first = PlacementFactory(venue=pole, artwork=ArtworkFactory())
    second = PlacementFactory(venue=pole, artwork=ArtworkFactory(),
                              start_date=datetime.date(2025, 3, 1),
                              end_date=datetime.date(2025, 3, 31))  # fmt: skip
    other = PlacementFactory(venue=pmi, artwork=ArtworkFactory())
    for placement, total in ((first, 12), (first, 8), (second, 15), (other, 6)):
        MediationSessionFactory(placement=placement, attendance_total=total)
    client.force_login(programme_staff)
    html = client.get(reverse("artworks_report_works")).content.decode()
    table = html.split('id="works-table"', 1)[1]
    assert (
        '<td class="num">2</td><td class="num">2</td><td class="num">3</td><td class="num">35</td>'
        in table
    )
    assert '<strong id="venues-reached">2</strong>' in html
    response = client.get(reverse("artworks_report_works"), {"export": "xlsx"})
    _block, _headings, rows, totals = listing_download(b"".join(response.streaming_content))
    assert sum(row[5] for row in rows) == 41 == totals[5]
    assert {row[0]: row[2:] for row in rows}["Pôle social Asnières"] == (2, 2, 3, 35)
    march = client.get(reverse("artworks_report_works"),
                       {"period_from": "2025-03-01", "period_to": "2025-03-31"})  # fmt: skip
    assert "PMI Gennevilliers" not in march.content.decode().split('id="works-table"', 1)[1]
