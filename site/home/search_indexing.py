"""Search and reference indexing of imported records, in batches after the import commits:
the receivers of the spreadsheet engine's signals (connected in home.apps).

Wagtail's database search backend recomputes its title norms over the whole index on every
add, which makes a per-row import quadratic (2,000 placements: minutes on PostgreSQL). While an
import writes (`rows_writing`), saves therefore skip the per-save index update; the written
rows are indexed in one batch once the transaction commits (`rows_imported`, never sent for a
preview or a rolled-back import).
"""

from contextlib import contextmanager

from django.db.models.signals import post_save
from wagtail.models import ReferenceIndex
from wagtail.search import index
from wagtail.search.backends import get_search_backends
from wagtail.search.signal_handlers import post_save_signal_handler as search_post_save
from wagtail.signal_handlers import disable_reference_index_auto_update


@contextmanager
def search_index_deferred(model):
    """Saves of `model` skip the per-row search and reference index updates; the caller
    indexes the rows with `index_in_bulk`. The receiver is disconnected for the process: web
    and Celery processes run one request or task at a time (gunicorn sync workers, prefork
    pool)."""
    connected = post_save.disconnect(search_post_save, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        if connected:
            post_save.connect(search_post_save, sender=model)


def index_in_bulk(model, pks, batch_size=500):
    """Search and reference index entries for the records an import wrote."""
    pks = sorted(set(pks))
    searchable = issubclass(model, index.Indexed)
    for start in range(0, len(pks), batch_size):
        chunk = pks[start : start + batch_size]
        if searchable:
            objects = list(model.get_indexed_objects().filter(pk__in=chunk))
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, objects)
        else:
            objects = list(model._default_manager.filter(pk__in=chunk))
        if ReferenceIndex.is_indexed(model):
            for obj in objects:
                ReferenceIndex.create_or_update_for_object(obj)


def defer_during_import(sender, model, **kwargs):
    """Receiver of `spreadsheets.signals.rows_writing`: the import writes within this."""
    return search_index_deferred(model)


def index_imported_rows(sender, model, pks=(), index=True, **kwargs):
    """Receiver of `spreadsheets.signals.rows_imported`: the written records, in bulk."""
    if pks and index:
        index_in_bulk(model, pks)
