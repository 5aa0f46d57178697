"""One public search across the site's pages and the records other apps register (works, artists,
venues), with accents and ligatures folded the same way in Python and in SQL.

`home` imports no domain app: each app hands its sources over through the Wagtail hook
``register_public_search_source`` (a callable returning one `SearchSource` or a list of them).
A source turns a `SearchQuery` into `SearchResult`s, ranked by `title_rank` (title matches
first), and names the fields whose words feed the « Vouliez-vous dire … ? » suggestion.

Folding: « Œuvre », « OEUVRE » and « oeuvre » all become « oeuvre », « Santé » becomes « sante ».
SQLite runs the Python `fold` as a registered SQL function; PostgreSQL runs the same mapping with
``REPLACE``/``TRANSLATE`` (no extension needed). Matching is by substring of every word typed,
so « prévention » also finds « préventions ».
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Case, F, Func, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Coalesce, Concat
from wagtail import hooks

HOOK_NAME = "register_public_search_source"
MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
RESULTS_PER_SOURCE = 100  # each source reads at most this many rows: bounded queries
VOCABULARY_PER_FIELD = 2000  # the Python suggestion fallback reads at most this many values
SUGGESTION_CUTOFF = 0.75

# Characters that fold to more than one letter, or to an ASCII apostrophe.
MULTI_CHAR_FOLDS = {
    "œ": "oe",
    "Œ": "oe",
    "æ": "ae",
    "Æ": "ae",
    "ß": "ss",
    "’": "'",
    "‘": "'",
    "ʼ": "'",
}
# The letters that surround a typed word and are not part of it.
EDGE_PUNCTUATION = " \t.,;:!?\"«»()[]{}'…"


def fold(text):
    """Lower case, no accents, ligatures spelt out: the form every comparison uses."""
    text = str(text or "")
    for source, target in MULTI_CHAR_FOLDS.items():
        text = text.replace(source, target)
    text = unicodedata.normalize("NFKD", text)
    return "".join(char for char in text if not unicodedata.combining(char)).lower()


def _single_char_table():
    """The Latin letters (Latin-1 and Latin Extended-A/B) that `fold` turns into one other
    letter: the ``TRANSLATE`` table of the SQL form, so both forms agree."""
    sources, targets = [], []
    for code in range(0xC0, 0x250):
        char = chr(code)
        if char in MULTI_CHAR_FOLDS:
            continue
        folded = fold(char)
        if len(folded) == 1 and folded != char:
            sources.append(char)
            targets.append(folded)
    return "".join(sources), "".join(targets)


TRANSLATE_FROM, TRANSLATE_TO = _single_char_table()
SQLITE_FUNCTION = "ihds_fold"


class Folded(Func):
    """SQL form of `fold` (text in, text out; NULL becomes the empty string)."""

    output_field = TextField()
    arity = 1

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"LOWER(COALESCE({sql}, ''))", params

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{SQLITE_FUNCTION}({sql})", params

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        sql, params = f"COALESCE(({sql})::text, '')", list(params)
        for source, target in MULTI_CHAR_FOLDS.items():
            sql = f"REPLACE({sql}, %s, %s)"
            params += [source, target]
        return f"LOWER(TRANSLATE({sql}, %s, %s))", [*params, TRANSLATE_FROM, TRANSLATE_TO]


def register_sqlite_fold(sender, connection, **kwargs):
    """Receiver of ``connection_created``: SQLite gets `fold` as an SQL function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)


# --- The query ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchQuery:
    text: str  # as typed, trimmed
    folded: str  # the whole query folded, words separated by one space
    words: tuple  # (as typed, folded) for each distinct word

    @classmethod
    def parse(cls, text):
        text = " ".join(str(text or "").split())[:MAX_QUERY_LENGTH]
        words = {}
        for word in text.split(" "):
            folded = fold(word).strip(EDGE_PUNCTUATION)
            if folded and folded not in words and len(words) < MAX_TERMS:
                words[folded] = word.strip(EDGE_PUNCTUATION)
        terms = tuple((typed, folded) for folded, typed in words.items())
        return cls(text=text, folded=" ".join(folded for _, folded in terms), words=terms)

    @property
    def terms(self):
        return tuple(folded for _, folded in self.words)

    def __bool__(self):
        return bool(self.words)


@dataclass
class SearchResult:
    title: str
    url: str
    kind: str  # the source's key, e.g. « oeuvre »
    kind_label: str  # what the visitor reads, e.g. « Œuvre »
    rank: int = 3  # 0 title is the query, 1 title starts with it, 2 title has every word, 3 other
    excerpt: str = ""
    image: Any = None  # a rendition of an image the public may see, or None
    image_caption: str = ""  # credit and rights notice, shown wherever the image is
    source: str = ""  # the key of the source that found it (set by `run`)


@dataclass(frozen=True)
class Thumbnail:
    """A result's image as the page shows it: what a rendition gives, without the rendition
    (a plain value, kept in the cache with the results)."""

    url: str
    width: int
    height: int

    @classmethod
    def of(cls, rendition):
        return None if rendition is None else cls(rendition.url, rendition.width, rendition.height)


@dataclass
class SearchSource:
    """What an app registers: ``search(query, request, limit)`` returns ranked results;
    ``suggestion_fields()`` returns (queryset, field name) pairs whose values feed the
    suggestions (public records only)."""

    key: str
    label: str
    plural_label: str
    search: Any
    suggestion_fields: Any = field(default=lambda: [])
    order: int = 50


def registered_sources():
    sources = []
    for hook in hooks.get_hooks(HOOK_NAME):
        provided = hook()
        sources.extend(provided if isinstance(provided, list | tuple) else [provided])
    return sorted(sources, key=lambda source: (source.order, source.key))


# --- Helpers for sources -----------------------------------------------------------------------


def _haystack(fields):
    parts = []
    for name in fields:
        if parts:
            parts.append(Value(" "))
        parts.append(Coalesce(F(name), Value(""), output_field=TextField()))
    expression = parts[0] if len(parts) == 1 else Concat(*parts, output_field=TextField())
    return Folded(expression)


def title_rank(query, title_lookup="search_title"):
    """0 when the title is the query, 1 when it starts with it, 2 when it holds every word,
    3 otherwise (the match is in another field): the visitor's words in a title come first."""
    every_word = Q()
    for term in query.terms:
        every_word &= Q(**{f"{title_lookup}__contains": term})
    return Case(
        When(**{title_lookup: query.folded}, then=Value(0)),
        When(**{f"{title_lookup}__startswith": query.folded}, then=Value(1)),
        When(every_word, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


def matching(queryset, query, *, title, fields, related=()):
    """``queryset`` narrowed to rows where every word of ``query`` is in the folded ``fields``
    (or, for each lookup in ``related``, in a related row: a work by its artists' names),
    annotated with ``search_rank`` and ordered by it then by title."""
    model = queryset.model
    queryset = queryset.annotate(search_haystack=_haystack(fields), search_title=Folded(F(title)))
    for term in query.terms:
        condition = Q(search_haystack__contains=term)
        for lookup in related:
            related_matches = (
                model._default_manager.annotate(search_related=Folded(F(lookup)))
                .filter(search_related__contains=term)
                .values("pk")
            )
            condition |= Q(pk__in=related_matches)
        queryset = queryset.filter(condition)
    return queryset.annotate(search_rank=title_rank(query)).order_by("search_rank", title, "pk")


def excerpt(text, terms, width=180):
    """About ``width`` characters of ``text`` around the first word found (folded compare)."""
    text = " ".join(str(text or "").split())
    if len(text) <= width:
        return text
    folded_chars, origin = [], []
    for index, char in enumerate(text):
        piece = fold(char)
        folded_chars.append(piece)
        origin.extend([index] * len(piece))
    folded = "".join(folded_chars)
    found = [folded.find(term) for term in terms if term and folded.find(term) >= 0]
    start = origin[min(found)] if found else 0
    start = max(0, start - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return f"{'… ' if start else ''}{text[start:end]}{' …' if end < len(text) else ''}"


# --- The search --------------------------------------------------------------------------------


@dataclass
class SearchOutcome:
    query: SearchQuery
    results: list
    counts: list  # (source, number of results) for the sources that found something
    truncated: bool  # a source found more than it may read


def _specificity(query, result):
    """Among titles holding every word, those mostly made of them come first (the artist
    « Véronique Ellena » before the workshop « Atelier … avec Véronique Ellena »)."""
    return 0 if len(query.folded) * 3 >= len(fold(result.title)) else 1


def run(query, request, kind=None):
    """Every registered source, at most ``RESULTS_PER_SOURCE`` results each, merged: title
    matches first, then by source order, each source's own order kept."""
    ranked, counts, truncated = [], [], False
    if query:
        for position, source in enumerate(registered_sources()):
            found = list(source.search(query, request=request, limit=RESULTS_PER_SOURCE + 1))
            if len(found) > RESULTS_PER_SOURCE:
                truncated, found = True, found[:RESULTS_PER_SOURCE]
            if found:
                counts.append((source, len(found)))
            for result in found:
                result.source = source.key
            if kind and source.key != kind:
                continue
            ranked += [
                ((result.rank, _specificity(query, result), position, index), result)
                for index, result in enumerate(found)
            ]
    ranked.sort(key=lambda item: item[0])
    return SearchOutcome(query, [result for _, result in ranked], counts, truncated)


# --- Suggestions -------------------------------------------------------------------------------

WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
_TRIGRAM_AVAILABLE = {}


def trigram_available():
    """Whether PostgreSQL's pg_trgm extension is installed (home migration 0005 installs it
    where the database user may); read once per process and connection alias."""
    if connection.vendor != "postgresql":
        return False
    if connection.alias not in _TRIGRAM_AVAILABLE:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
                _TRIGRAM_AVAILABLE[connection.alias] = cursor.fetchone() is not None
        except DatabaseError:
            _TRIGRAM_AVAILABLE[connection.alias] = False
    return _TRIGRAM_AVAILABLE[connection.alias]


def _trigram_candidates(query, sources):
    """The values most like the query, by trigram word similarity, a few per field."""
    from django.contrib.postgres.search import TrigramWordSimilarity

    candidates = []
    for source in sources:
        for queryset, name in source.suggestion_fields():
            candidates += list(
                queryset.annotate(
                    search_similarity=TrigramWordSimilarity(Value(query.folded), Folded(F(name)))
                )
                .filter(search_similarity__gte=0.3)
                .order_by("-search_similarity")
                .values_list(name, flat=True)[:5]
            )
    return candidates


def _vocabulary(sources):
    """Every value of the suggestion fields (bounded per field), cached until the next
    publication or record change (the public page cache's generation)."""
    from home.cache import current_generation

    key = f"public-search:vocabulary:{current_generation()}"
    values = cache.get(key)
    if values is None:
        values = []
        for source in sources:
            for queryset, name in source.suggestion_fields():
                values += [
                    value
                    for value in queryset.values_list(name, flat=True)[:VOCABULARY_PER_FIELD]
                    if value
                ]
        values = sorted(set(values))
        cache.set(key, values, 60 * 60)
    return values


def suggest(query, sources=None):
    """A spelling close to the query, made of titles and names the site has (« Elena » →
    « Ellena », « Clair Obscur » → « Clairs Obscurs »), or None."""
    if not query:
        return None
    sources = registered_sources() if sources is None else sources
    candidates = (
        _trigram_candidates(query, sources) if trigram_available() else _vocabulary(sources)
    )
    phrases = {fold(value).strip(): value for value in candidates if value}
    close = difflib.get_close_matches(query.folded, list(phrases), n=1, cutoff=0.8)
    if close and close[0] != query.folded:
        return phrases[close[0]]
    words = {}
    for value in candidates:
        for word in WORD_RE.findall(str(value)):
            if len(word) >= 3:
                words.setdefault(fold(word), word)
    corrected, changed = [], False
    for typed, folded in query.words:
        if folded in words or len(folded) < 3:
            corrected.append(typed)
            continue
        close = difflib.get_close_matches(folded, list(words), n=1, cutoff=SUGGESTION_CUTOFF)
        if close:
            corrected.append(words[close[0]])
            changed = True
        else:
            corrected.append(typed)
    return " ".join(corrected) if changed else None
