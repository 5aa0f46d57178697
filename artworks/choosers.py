"""The artist chooser (« Ajouter : artiste » in a work's form, the artist of a mediation session):
searched by name, several at once, and only for the roles that pick artists.

Artists are public (they have public pages) but the chooser lists them only to people who
edit works or artists or log mediation sessions; anyone else gets an empty list, as the venue
records' choosers do (places.scoping)."""

from wagtail.snippets.views import chooser

#: any of these lets a user pick artists
CHOOSER_PERMISSIONS = (
    "artworks.view_artist",
    "artworks.add_artist",
    "artworks.change_artist",
    "artworks.add_artwork",
    "artworks.change_artwork",
    "artworks.add_mediationsession",
    "artworks.change_mediationsession",
)


def artists_user_may_choose(user):
    from artworks.models import Artist

    if user and user.is_authenticated and user.is_active:
        if any(user.has_perm(perm) for perm in CHOOSER_PERMISSIONS):
            return Artist.objects.all()
    return Artist.objects.none()


class _ArtistListMixin:
    def get_object_list(self):
        return artists_user_may_choose(self.request.user).order_by("name")


class ArtistChooseView(_ArtistListMixin, chooser.ChooseView):
    pass


class ArtistChooseResultsView(_ArtistListMixin, chooser.ChooseResultsView):
    pass


class ArtistChosenView(chooser.SnippetChosenView):
    def get_object(self, pk):
        return artists_user_may_choose(self.request.user).get(pk=pk)


class ArtistChosenMultipleView(chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return artists_user_may_choose(self.request.user).filter(pk__in=pks)


class ArtistChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = ArtistChooseView
    choose_results_view_class = ArtistChooseResultsView
    chosen_view_class = ArtistChosenView
    chosen_multiple_view_class = ArtistChosenMultipleView
