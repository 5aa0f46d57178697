"""Pages written in bulk for the load test's data (tests/bench/scale.py): the page rows with their
treebeard paths, then the rows of the page model, one published revision each and the search
index — two inserts per batch where add_child() and publish() take a dozen queries per page.
The tree is left as add_child() would leave it: `manage.py fixtree` finds nothing
(tests/programmes/test_scale.py)."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from django.utils import timezone


def bulk_add_children(parent, pages, published_at=None):
    """Insert `pages` (unsaved instances of one page model inheriting directly from Page) as the
    last children of `parent`, live and published, as add_child() would: treebeard path, depth
    and numchild, url_path, locale. Two inserts per batch instead of a dozen queries per page."""
    from wagtail.models import Page

    if not pages:
        return []
    model = type(pages[0])
    assert model._meta.get_parent_list() == [Page], "a direct subclass of Page"
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    if step + len(pages) >= len(Page.alphabet) ** Page.steplen:
        raise ValueError(f"Plus de place sous la page « {parent.title} ».")
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    for offset, page in enumerate(pages, start=1):
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, step + offset)
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.content_type = content_type
        page.draft_title = page.title
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.first_published_at or published_at or now
        page.last_published_at = page.latest_revision_created_at = page.first_published_at
    page_fields = [f.attname for f in Page._meta.concrete_fields if not f.primary_key]
    rows = Page.objects.bulk_create(
        [Page(**{name: getattr(page, name) for name in page_fields}) for page in pages],
        batch_size=500,
    )
    for page, row in zip(pages, rows, strict=True):
        page.id = page.page_ptr_id = row.pk
        page._state.adding, page._state.db = False, row._state.db
    fields = model._meta.local_concrete_fields  # page_ptr and the model's own columns
    size = connection.ops.bulk_batch_size(fields, pages) or len(pages)
    for first in range(0, len(pages), size):
        model._base_manager._insert(pages[first : first + size], fields=fields)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    return pages


def bulk_publish_revisions(pages):
    """One revision per page, as save_revision().publish() leaves it: the admin edits a page from
    its latest revision. Child relations must be set in memory (none queried per page)."""
    from wagtail.models import Page, Revision

    base = ContentType.objects.get_for_model(Page)
    revisions = Revision.objects.bulk_create(
        (
            Revision(
                content_type_id=page.content_type_id,
                base_content_type=base,
                object_id=str(page.pk),
                created_at=page.last_published_at,
                object_str=str(page),
                content=page.serializable_data(),
            )
            for page in pages
        ),
        batch_size=500,
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision_id = page.live_revision_id = revision.pk
    Page.objects.bulk_update(pages, ["latest_revision", "live_revision"], batch_size=500)


def index_in_bulk(model, queryset):
    """Add bulk-created objects to the search index, as `update_index` does."""
    from wagtail.search.backends import get_search_backends

    ids = list(queryset.values_list("pk", flat=True).order_by("pk"))
    for backend in get_search_backends(with_auto_update=True):
        for first in range(0, len(ids), 1000):
            objects = model.get_indexed_objects().filter(pk__in=ids[first : first + 1000])
            backend.add_bulk(model, list(objects))
