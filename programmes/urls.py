"""Public URLs of the programmes app (feeds, downloads); pages are served by Wagtail."""

app_name = "programmes"
urlpatterns = []
