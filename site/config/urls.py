from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from home import crawling, private_media
from home import views as home_views
from home.page_creation import CreatePageView

urlpatterns = [
    path(
        "admin/images-privees/<path:name>",
        require_admin_access(private_media.private_image),
        name="private_image",
    ),
    # Before Wagtail's own route of the same name: a slug taken during the save is a form error.
    path(
        "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/"
        "<int:parent_page_id>/",
        require_admin_access(CreatePageView.as_view()),
        name="wagtailadmin_pages_add",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("recherche/", home_views.search, name="search"),
    path("healthz", home_views.healthz, name="healthz"),
    path("sitemap.xml", crawling.sitemap, name="sitemap"),
    path("robots.txt", crawling.robots_txt, name="robots_txt"),
    path("favicon.ico", crawling.favicon, name="favicon"),
]

if settings.SERVE_MEDIA:
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

if settings.BENCH_FLOOR_VIEW:
    from django.http import HttpResponse

    urlpatterns += [path("bench/floor", lambda request: HttpResponse("ok"), name="bench_floor")]

urlpatterns += [
    path("", include("programmes.urls")),
    path("", include("artworks.urls")),
    path("", include(wagtail_urls)),
]
