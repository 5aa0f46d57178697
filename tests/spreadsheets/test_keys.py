"""The one key loader: the records a batch names by a key of one or several columns, in
chunked `__in` queries, keys compared without case nor repeated spaces, a shared key seen."""

import pytest

from places.models import Commune, Venue
from spreadsheets import keys
from spreadsheets.keys import KeyLoader
from tests.factories import VenueFactory

pytestmark = pytest.mark.django_db


def test_a_key_of_several_columns_is_compared_part_by_part_in_order():
    loader = KeyLoader(Commune.objects.all(), lambda c: [(c.insee_code, c.name)]).load()
    commune = Commune.objects.get(insee_code="92004")
    assert loader.matches(("92004", f"  {commune.name.upper()} ")) == [commune]
    assert loader.matches((commune.name, "92004")) == []


def test_only_the_wanted_records_are_read_in_chunks(monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(keys, "CHUNK_SIZE", 2)
    wanted = list(Commune.objects.order_by("insee_code").values_list("insee_code", flat=True)[:5])
    loader = KeyLoader(Commune.objects.all(), lambda c: [c.insee_code])
    with django_assert_num_queries(3):
        loader.load([*wanted, "00000"], field="insee_code")
    assert sorted(c.insee_code for key in wanted for c in loader.matches(key)) == sorted(wanted)
    assert loader.matches("00000") == []


def test_a_key_two_records_share_is_seen_not_guessed():
    VenueFactory(code="pole-un", name="Pôle social")
    VenueFactory(code="pole-deux", name="Pôle  social")
    loader = KeyLoader(Venue.objects.all(), lambda v: [v.code, v.name])
    assert len(loader.matches("pôle social")) == 2
    with pytest.raises(LookupError):
        loader.get("Pôle social")
    assert loader.get("POLE-UN").code == "pole-un"
