import pytest

from places.models import Commune
from tests.factories import VenueFactory
from tests.programmes import factories as f


@pytest.fixture
def nanterre(db):
    return Commune.objects.get(insee_code="92050")


@pytest.fixture
def gennevilliers(db):
    return Commune.objects.get(insee_code="92036")


@pytest.fixture
def asnieres(db):
    return Commune.objects.get(insee_code="92004")


@pytest.fixture
def residence(nanterre):
    return VenueFactory(
        name="Résidence Les Tilleuls",
        code="residence-tilleuls",
        kind="residence_seniors",
        commune=nanterre,
        address="Allée des Tilleuls",
        accessibility_notes="Ascenseur, accès PMR.",
    )


@pytest.fixture
def seniors_audience(db):
    return f.audience("Seniors", "seniors")


@pytest.fixture
def giga_seniors(db):
    return f.programme("Giga Séniors")
