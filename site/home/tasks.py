from celery import shared_task

# How many pages a warm-up renders at most (issue #16): the pages just published, the home page,
# the agenda and the most visited pages (home.cache.visits), in that order.
WARM_UP_LIMIT = 12


@shared_task(name="home.ping", acks_late=False)
def ping(value="pong"):
    """Round-trip check of the broker and a worker (used by /healthz tooling and the tests)."""
    return value


def public_base():
    """(scheme, host) of the public site, as visitors ask for it: the cache keys hold the host."""
    from urllib.parse import urlsplit

    from wagtail.models import Site

    from home.public_site import configured_public_url

    url = configured_public_url()
    if url:
        parts = urlsplit(url)
        return parts.scheme, parts.netloc
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return "http", "localhost"
    port = "" if site.port in (80, 443) else f":{site.port}"
    return ("https" if site.port == 443 else "http"), f"{site.hostname}{port}"


def warm_up_paths(published=()):
    """The paths to render again after a publication, at most ``WARM_UP_LIMIT``."""
    from home.agenda import agenda_page_url
    from home.cache import visits

    paths = []
    for path in [*published, "/", agenda_page_url(), *visits.most_visited(WARM_UP_LIMIT)]:
        if path and path.startswith("/") and path not in paths:
            paths.append(path)
    return paths[:WARM_UP_LIMIT]


@shared_task(
    name="home.warm_public_pages",
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=30,
    max_retries=3,
    soft_time_limit=120,
)
def warm_public_pages(paths):
    """Render again, as an anonymous visitor would ask for them, those of ``paths`` whose cached
    copy a change has made stale (home.cache): the next visitors get them from the cache. A page
    still fresh costs one cache read. Returns the status of each path."""
    from django.test import Client

    scheme, host = public_base()
    client = Client(HTTP_HOST=host, raise_request_exception=False)
    statuses = {}
    for path in paths[:WARM_UP_LIMIT]:
        statuses[path] = client.get(path, secure=scheme == "https").status_code
    return statuses
