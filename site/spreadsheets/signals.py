"""What the engine tells the rest of the site, without knowing who listens.

`rows_imported`: sent once per import that wrote records, after its transaction commits
(never for a preview, nor for an import rolled back). Sender: the model class. Keyword
arguments: `model` (the same class), `created`, `updated`, `deleted` (counts of records).
The public site connects it to its page cache (home.apps).
"""

from django.dispatch import Signal

rows_imported = Signal()
