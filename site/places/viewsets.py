"""The admin views of venue-scoped models, declared once: each of Wagtail's single-object
snippet views narrowed by ScopedObjectMixin, and the snippet chooser narrowed to what the user
may reach (places.scoping holds the rules; this module, imported by the wagtail_hooks only,
the view classes)."""

from django.core.exceptions import ImproperlyConfigured
from wagtail.snippets.views import chooser
from wagtail.snippets.views import snippets as snippet_views

from places.scoping import (
    NoChooserCreationMixin,
    ScopedChooseMixin,
    ScopedChosenMixin,
    ScopedChosenMultipleMixin,
    ScopedObjectMixin,
)


class ScopedEditView(ScopedObjectMixin, snippet_views.EditView):
    pass


class ScopedDeleteView(ScopedObjectMixin, snippet_views.DeleteView):
    pass


class ScopedInspectView(ScopedObjectMixin, snippet_views.InspectView):
    pass


class ScopedHistoryView(ScopedObjectMixin, snippet_views.HistoryView):
    pass


class ScopedUsageView(ScopedObjectMixin, snippet_views.UsageView):
    pass


class ScopedCopyView(ScopedObjectMixin, snippet_views.CopyView):
    pass


class ScopedChooseView(ScopedChooseMixin, NoChooserCreationMixin, chooser.ChooseView):
    pass


class ScopedChooseResultsView(ScopedChooseMixin, NoChooserCreationMixin, chooser.ChooseResultsView):
    pass


class ScopedSnippetChosenView(ScopedChosenMixin, chooser.SnippetChosenView):
    pass


class ScopedSnippetChosenMultipleView(ScopedChosenMultipleMixin, chooser.SnippetChosenMultipleView):
    pass


class ScopedSnippetCreateView(NoChooserCreationMixin, chooser.SnippetCreateView):
    pass


class ScopedSnippetChooserViewSet(chooser.SnippetChooserViewSet):
    """The snippet chooser (choose, results, chosen) of a venue-scoped model, through the
    same permission policy and `for_user` seam as its listing."""

    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedSnippetChosenView
    chosen_multiple_view_class = ScopedSnippetChosenMultipleView
    create_view_class = ScopedSnippetCreateView


class VenueScopedViewSetMixin:
    """For a SnippetViewSet of a venue-scoped model: listing, export, chooser and every
    single-object view are limited to the user's venues. A viewset that declares its own view
    for one of `scoped_view_names` includes ScopedObjectMixin in it (checked here)."""

    scoped_view_names = ("edit", "delete", "inspect", "history", "usage", "copy")
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    copy_view_class = ScopedCopyView
    chooser_viewset_class = ScopedSnippetChooserViewSet

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.scoped_view_names:
            view_class = getattr(self, f"{name}_view_class", None)
            if view_class is not None and not issubclass(view_class, ScopedObjectMixin):
                raise ImproperlyConfigured(
                    f"{self.__class__.__name__}.{name}_view_class must include ScopedObjectMixin"
                )

    def get_queryset(self, request):
        return self.model._default_manager.for_user(request.user)
