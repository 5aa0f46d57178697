"""Public URLs of the artworks app (feeds, downloads); pages are served by Wagtail."""

app_name = "artworks"
urlpatterns = []
