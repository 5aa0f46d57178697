from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from home import fragments
from home import search as site_search

SEARCH_RESULTS_PER_PAGE = 10
FEW_RESULTS = 3  # below this many, a near spelling is suggested
# A query's results are kept this long at most (and while nothing public changes): the same
# query asked again, or the next page of it, reads no source. Free text makes any number of
# keys, hence the short life; each entry is bounded (RESULTS_PER_SOURCE per source).
SEARCH_KEPT_SECONDS = 120


@dataclass
class KeptSearch:
    """What the page shows of a query, whatever the kind filtered and the page asked: every
    result (their thumbnails as plain values), the count per source key, the suggestion."""

    results: list
    counts: list  # (source key, number of results)
    truncated: bool
    suggestion: str | None


def _kept_search(request, query, sources):
    """`home.search.run` and `suggest` for ``query``, kept by home.fragments under the tags the
    sources declared (``*`` when none: any change the public may see makes it stale)."""

    def build():
        outcome = site_search.run(query, request)
        total = sum(count for _, count in outcome.counts)
        suggestion = site_search.suggest(query, sources) if total < FEW_RESULTS else None
        for result in outcome.results:
            result.image = site_search.Thumbnail.of(result.image)
        counts = [(source.key, count) for source, count in outcome.counts]
        return KeptSearch(outcome.results, counts, outcome.truncated, suggestion)

    words = " ".join(f"{typed}\x1f{folded}" for typed, folded in query.words)
    return fragments.cached(request, "search", build, words, timeout=SEARCH_KEPT_SECONDS)


def search(request):
    """One search across the public pages and the records apps register (home.search)."""
    query = site_search.SearchQuery.parse(request.GET.get("q", ""))
    sources = site_search.registered_sources()
    kind = request.GET.get("type", "")
    if kind not in {source.key for source in sources}:
        kind = ""
    if query:
        kept = _kept_search(request, query, sources)
    else:
        kept = KeptSearch([], [], False, None)
    by_key = {source.key: source for source in sources}
    counts = [(by_key[key], count) for key, count in kept.counts if key in by_key]
    results = [result for result in kept.results if not kind or result.source == kind]
    page = Paginator(results, SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    total = sum(count for _, count in counts)
    return TemplateResponse(
        request,
        "home/search.html",
        {
            "search_query": query.text,
            "search_results": page,
            "search_total": total,
            "search_counts": counts,
            "search_kind": kind,
            "search_truncated": kept.truncated,
            "search_suggestion": kept.suggestion,
            "page_range": page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            ),
            "ellipsis": Paginator.ELLIPSIS,
        },
    )


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_broker():
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


@never_cache
def healthz(request):
    """For load balancers and the production-like stack: is the database and the broker up?"""
    checks = {}
    for name, check in (("database", _check_database), ("broker", _check_broker)):
        try:
            check()
            checks[name] = "ok"
        except Exception as exc:  # noqa: BLE001 - any failure means "not healthy"
            checks[name] = f"erreur : {exc.__class__.__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "erreur", "checks": checks}, status=200 if healthy else 503
    )
