"""Admin views of the collection: confirming install/removal, the planning grid and the group
move. Venue reach always comes from places.scoping; rules from artworks.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import CreateView, EditView

from artworks import selectors, services
from artworks.forms import ConfirmPlacementForm, MoveGroupForm, PlanningFilterForm
from artworks.models import Placement, PlacementStatus
from artworks.models.placements import CONDITION_PHOTO_STEPS
from artworks.services import PlacementConflict
from home.private_media import file_response
from places.scoping import sees_all_venues, user_may_reach


class PlacementConflictMixin:
    """A conflict found only at save time (a race refused by the database) goes back to the
    form as a French error instead of a server error."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except PlacementConflict as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.form_invalid(form)


class PlacementCreateView(PlacementConflictMixin, CreateView):
    pass


class PlacementEditView(PlacementConflictMixin, EditView):
    pass


class ConfirmPlacementView(WagtailAdminTemplateMixin, FormView):
    """A venue manager (or staff) confirms that a work was installed, or removed, with a short
    condition note and an optional photo."""

    template_name = "artworks/admin/confirm_placement.html"
    form_class = ConfirmPlacementForm
    header_icon = "tick"

    def dispatch(self, request, pk):
        self.placement = get_object_or_404(
            Placement.objects.for_user(request.user).select_related("artwork", "venue"), pk=pk
        )
        if not request.user.has_perm("artworks.change_placement"):
            raise PermissionDenied
        if self.placement.status == PlacementStatus.PLANNED:
            self.step = "install"
        elif self.placement.status == PlacementStatus.INSTALLED:
            self.step = "removal"
        else:
            messages.error(request, _("Ce placement n'attend aucune confirmation."))
            return redirect(self.get_success_url())
        return super().dispatch(request, pk)

    def get_page_title(self):
        if self.step == "install":
            return _("Confirmer l'installation")
        return _("Confirmer le retrait")

    def get_page_subtitle(self):
        return str(self.placement)

    def get_success_url(self):
        return reverse("wagtailsnippets_artworks_placement:list")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(placement=self.placement, step=self.step)
        return context

    def form_valid(self, form):
        action = (
            services.confirm_installation if self.step == "install" else services.confirm_removal
        )
        try:
            action(
                self.placement,
                self.request.user,
                condition_notes=form.cleaned_data["condition_notes"],
                photo=form.cleaned_data["photo"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        if self.step == "install":
            messages.success(self.request, _("Installation confirmée : %s") % self.placement)
        else:
            messages.success(self.request, _("Retrait confirmé : %s") % self.placement)
        return redirect(self.get_success_url())


def condition_photo(request, pk, step):
    """A placement's condition photo, from the private storage, for whoever may reach the
    placement's venue (its managers, programme staff); anyone else gets 404."""
    field_name = CONDITION_PHOTO_STEPS.get(step)
    placement = Placement.objects.select_related("venue").filter(pk=pk).first()
    if (
        field_name is None
        or placement is None
        or not request.user.has_perm("artworks.view_placement")
        or not user_may_reach(request.user, placement)
    ):
        raise Http404
    photo = getattr(placement, field_name)
    if not photo:
        raise Http404
    return file_response(photo.storage, photo.name)


class PlanningView(WagtailAdminTemplateMixin, TemplateView):
    """Months × venues, with free works per month, filters, and the group move form."""

    template_name = "artworks/admin/planning.html"
    page_title = gettext_lazy("Planning des rotations")
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        if not (sees_all_venues(request.user) and request.user.has_perm("artworks.add_placement")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, move_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = PlanningFilterForm(self.request.GET or None)
        cleaned = filters.cleaned_data if filters.is_valid() else {}
        grid = selectors.planning_grid(
            first_month=cleaned.get("start"),
            sst=cleaned.get("sst"),
            commune=cleaned.get("commune"),
            series=cleaned.get("series") or "",
        )
        if move_form is None:
            next_month = grid["next_month"]
            move_form = MoveGroupForm(
                initial={
                    "start_date": next_month,
                    "end_date": selectors.add_months(next_month, 1)
                    - selectors.datetime.timedelta(days=1),
                }
            )
        context.update(grid)
        context.update(
            filter_form=filters,
            move_form=move_form,
            columns=list(zip(grid["months"], grid["free_by_month"], strict=True)),
            status_classes={
                PlacementStatus.PLANNED: "planned",
                PlacementStatus.INSTALLED: "installed",
                PlacementStatus.REMOVED: "removed",
            },
        )
        return context

    def post(self, request, *args, **kwargs):
        form = MoveGroupForm(request.POST)
        if form.is_valid():
            try:
                placements = services.move_works(
                    form.cleaned_data["artworks"],
                    form.cleaned_data["venue"],
                    form.cleaned_data["start_date"],
                    form.cleaned_data["end_date"],
                    user=request.user,
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("%(n)d œuvre(s) placée(s) à %(venue)s.")
                    % {"n": len(placements), "venue": form.cleaned_data["venue"].name},
                )
                return redirect(request.get_full_path())
        return self.render_to_response(self.get_context_data(move_form=form))
