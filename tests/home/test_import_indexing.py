"""Search indexing of imported records is the public site's business, not the engine's: while
an import writes (`rows_writing`) saves skip the per-save index update, and home indexes the
written records in one batch when the engine announces them after commit (`rows_imported`)."""

import pytest
from django.db.models.signals import post_save
from wagtail.search.backends import get_search_backend
from wagtail.search.signal_handlers import post_save_signal_handler as search_post_save

from artworks.models import Artist
from spreadsheets import registry
from spreadsheets.reading import read_spreadsheet
from spreadsheets.services import run_import
from tests.spreadsheets.helpers import csv_bytes

pytestmark = pytest.mark.django_db

ROWS = [["Identifiant", "Nom"], ["", "Zéphyrine Moulard"], ["", "Anatole Moulard"]]


def import_artists(rows, **kwargs):
    sheet = read_spreadsheet(csv_bytes(rows), "artistes.csv")
    return run_import(registry.get("artistes"), sheet, **kwargs)


def found(word):
    return sorted(a.name for a in get_search_backend().search(word, Artist))


def connected_for_artists():
    return search_post_save in post_save._live_receivers(Artist)[0]


def test_rows_saved_one_by_one_are_indexed_in_one_batch_after_commit(
    django_capture_on_commit_callbacks,
):
    during = []
    with django_capture_on_commit_callbacks() as callbacks:
        report = import_artists(
            ROWS, progress=lambda done, total: during.append(connected_for_artists())
        )
    # Artists are saved row by row, without the per-save index update.
    assert report.created == 2 and during == [False, False]
    assert connected_for_artists()  # back for ordinary saves
    assert found("Moulard") == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert found("Moulard") == ["Anatole Moulard", "Zéphyrine Moulard"]


@pytest.mark.parametrize("kwargs", [{"dry_run": True}, {}], ids=["preview", "rolled-back"])
def test_a_preview_or_a_rolled_back_import_indexes_nothing(
    django_capture_on_commit_callbacks, kwargs
):
    rows = ROWS if kwargs else [*ROWS, ["sans-nom", ""]]  # a row without a name: all or nothing
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = import_artists(rows, **kwargs)
    assert not report.written and callbacks == []
    assert found("Moulard") == []
