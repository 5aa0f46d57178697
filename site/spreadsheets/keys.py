"""Records found by their natural key: the one loader of the engine, for the records a batch of
rows names (its own records, `SpreadsheetResource.load_batch`) and for the records a cell names
by code, slug or name (the foreign-key and many-to-many widgets).

Keys are compared `normalised`: a record by its primary key, a set of records as a set, text
without case or repeated spaces — so « Collège Voltaire » and « collège  voltaire » name the
same record, and a key two records share is seen (`matches` lists both) rather than guessed.
"""

CHUNK_SIZE = 1000


def normalised(value):
    """A key part as compared between a row and a record: records by primary key, sets of
    records as a set, text without case or repeated spaces."""
    if hasattr(value, "_meta") and hasattr(value, "pk"):
        return value.pk
    if isinstance(value, list | tuple | set | frozenset):
        return frozenset(normalised(item) for item in value)
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    return value


def _key(key):
    """A key of several parts is compared part by part (a tuple stays ordered)."""
    if isinstance(key, tuple):
        return tuple(normalised(part) for part in key)
    return normalised(key)


class KeyLoader:
    """The records of `queryset` by their keys: `keys(record)` gives the keys that find a record
    (one, or several: a slug and a title), each a value or a tuple of values.

    `load()` reads the whole queryset (a reference table named by code); `load(wanted,
    field=…)` only the records whose `field` is among `wanted`, in one query per `CHUNK_SIZE`
    values (the records a batch of rows names)."""

    def __init__(self, queryset, keys):
        self.queryset = queryset
        self.keys = keys
        self.by_key = {}
        self.loaded = False

    def load(self, wanted=None, field=None):
        self.by_key = {}
        self.loaded = True
        if field is None or wanted is None:
            for record in self.queryset:
                self.remember(record)
            return self
        wanted = sorted(set(wanted), key=str)
        for start in range(0, len(wanted), CHUNK_SIZE):
            chunk = wanted[start : start + CHUNK_SIZE]
            for record in self.queryset.filter(**{f"{field}__in": chunk}):
                self.remember(record)
        return self

    def remember(self, record):
        for key in self.keys(record):
            if key is None or key == "":
                continue
            matches = self.by_key.setdefault(_key(key), [])
            if record not in matches:
                matches.append(record)

    def matches(self, key):
        """Every record `key` finds (none, one, or several when it is ambiguous)."""
        if not self.loaded:
            self.load()
        return self.by_key.get(_key(key), [])

    def get(self, key):
        """The one record `key` finds, None if none; LookupError if several."""
        matches = self.matches(key)
        if len(matches) > 1:
            raise LookupError(key)
        return matches[0] if matches else None
