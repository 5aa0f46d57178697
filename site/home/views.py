from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from home import search as site_search

SEARCH_RESULTS_PER_PAGE = 10
FEW_RESULTS = 3  # below this many, a near spelling is suggested


def search(request):
    """One search across the public pages and the records apps register (home.search)."""
    query = site_search.SearchQuery.parse(request.GET.get("q", ""))
    sources = site_search.registered_sources()
    kind = request.GET.get("type", "")
    if kind not in {source.key for source in sources}:
        kind = ""
    outcome = site_search.run(query, request, kind=kind or None)
    page = Paginator(outcome.results, SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    total = sum(count for _, count in outcome.counts)
    suggestion = site_search.suggest(query, sources) if query and total < FEW_RESULTS else None
    return TemplateResponse(
        request,
        "home/search.html",
        {
            "search_query": query.text,
            "search_results": page,
            "search_total": total,
            "search_counts": outcome.counts,
            "search_kind": kind,
            "search_truncated": outcome.truncated,
            "search_suggestion": suggestion,
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
