"""What the engine tells the rest of the site, without knowing who listens.

`rows_writing`: sent when an import starts writing a model's records, inside its transaction
(a preview included). Sender: the model class; keyword argument `model`. A receiver may return
a context manager: the import's writes run within it (the public site defers the search index
to `rows_imported`, home.search_indexing).

`rows_imported`: sent once per import that wrote records, after its transaction commits
(never for a preview, nor for an import rolled back). Sender: the model class. Keyword
arguments: `model` (the same class), `created`, `updated`, `deleted` (counts of records),
`pks` (the primary keys of the records written), `index` (False when the resource asks that its
records be left out of the search and reference indexes: `index_written_rows`). The public site
connects it to its page cache and its search index (home.apps).
"""

from django.dispatch import Signal

rows_writing = Signal()
rows_imported = Signal()
