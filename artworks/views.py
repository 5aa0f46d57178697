"""Admin views of the collection: confirming install/removal, the planning grid and the group
move. Venue reach always comes from places.scoping; rules from artworks.services."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button, ListingButton
from wagtail.snippets.views.snippets import CreateView, EditView, IndexView

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


class BreadcrumbTitleMixin:
    """The slim header names the page (not only « Accueil »)."""

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]


class UnsortedTitleColumn(TitleColumn):
    """A title column on a related record: searches cannot be sorted by it, so it is not."""

    def __init__(self, *args, sort_key=None, **kwargs):
        super().__init__(*args, **kwargs)


class PlacementIndexView(IndexView):
    """Each row links to its placement (edit, or inspect for who may only view) and carries its
    actions (artworks.wagtail_hooks); unless sorted by a column, what is on now and coming next
    comes first."""

    def _get_title_column(self, field_name, column_class=None, **kwargs):
        return super()._get_title_column(field_name, UnsortedTitleColumn, **kwargs)

    def get_ordering(self):
        if "ordering" not in self.request.GET:
            return None
        return super().get_ordering()

    def order_queryset(self, queryset):
        if self.ordering or self.is_searching:
            return super().order_queryset(queryset)
        return queryset.current_first()


def initial_from_query(request, fields):
    """Initial values of an add form read from its address (?venue=3&start_date=2027-07-01):
    ids as given, dates only when they parse; anything else is ignored."""
    initial = {}
    for name, kind in fields.items():
        value = request.GET.get(name, "").strip()
        if not value:
            continue
        if kind == "date":
            try:
                day = parse_date(value)
            except ValueError:
                day = None
            if day is not None:
                initial[name] = day
        elif value.isdigit():
            initial[name] = int(value)
    return initial


class PlacementCreateView(PlacementConflictMixin, CreateView):
    """« Ajouter un placement », pre-filled from the planning cell it was opened from."""

    def get_initial(self):
        return {
            **super().get_initial(),
            **initial_from_query(
                self.request,
                {"artwork": "id", "venue": "id", "start_date": "date", "end_date": "date"},
            ),
        }


class PlacementEditView(PlacementConflictMixin, EditView):
    """The placement's page offers its actions too (confirm, log a mediation, cancel)."""

    @cached_property
    def header_more_buttons(self):
        actions = [
            Button(b.label, b.url, icon_name=b.icon_name, priority=b.priority)
            for b in placement_actions(self.object, self.request.user, self.request.path)
        ]
        return [*actions, *super().header_more_buttons]


def placement_actions(placement, user, next_url=None):
    """What the user may do with a placement now: confirm the installation or the removal
    (its venue's managers and staff), log a mediation session, cancel it (staff only)."""
    if placement.status == PlacementStatus.CANCELLED or not user_may_reach(user, placement):
        return
    waiting = placement.status in (PlacementStatus.PLANNED, PlacementStatus.INSTALLED)
    if waiting and user.has_perm("artworks.change_placement"):
        label = (
            _("Confirmer l'installation")
            if placement.status == PlacementStatus.PLANNED
            else _("Confirmer le retrait")
        )
        yield ListingButton(label, placement.confirm_url(), icon_name="tick", priority=5)
    if user.has_perm("artworks.add_mediationsession"):
        query = urlencode({"placement": placement.pk})
        yield Button(
            _("Saisir une médiation"),
            f"{reverse('wagtailsnippets_artworks_mediationsession:add')}?{query}",
            icon_name="group",
            priority=15,
        )
    if may_cancel(user, placement):
        url = reverse("wagtailsnippets_artworks_placement:cancel", args=[placement.pk])
        if next_url:
            url += "?" + urlencode({"next": next_url})
        yield Button(_("Annuler le placement"), url, icon_name="cross", priority=40)


class MediationSessionCreateView(CreateView):
    """« Saisir une médiation » from a placement's row: the placement is chosen already (only
    one the user may reach; the form's choices are scoped anyway)."""

    def get_initial(self):
        initial = super().get_initial()
        wanted = initial_from_query(self.request, {"placement": "id"}).get("placement")
        if wanted and Placement.objects.for_user(self.request.user).filter(pk=wanted).exists():
            initial["placement"] = wanted
        return initial


class ConfirmPlacementView(BreadcrumbTitleMixin, WagtailAdminTemplateMixin, FormView):
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


class CancelPlacementView(BreadcrumbTitleMixin, WagtailAdminTemplateMixin, TemplateView):
    """Programme staff cancel a planned placement (the work is free again over its dates)."""

    template_name = "artworks/admin/cancel_placement.html"
    header_icon = "cross"
    page_title = gettext_lazy("Annuler le placement")

    def dispatch(self, request, pk):
        self.placement = get_object_or_404(
            Placement.objects.for_user(request.user).select_related("artwork", "venue"), pk=pk
        )
        if not may_cancel(request.user, self.placement):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.placement)

    def get_success_url(self):
        return get_valid_next_url_from_request(self.request) or reverse(
            "wagtailsnippets_artworks_placement:list"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(placement=self.placement, next_url=self.get_success_url())
        return context

    def post(self, request, pk):
        services.cancel_placement(self.placement, request.user)
        messages.success(request, _("Placement annulé : %s") % self.placement)
        return redirect(self.get_success_url())


def may_cancel(user, placement):
    """Only programme staff plan, so only they cancel, and only a placement still planned."""
    return (
        placement.status == PlacementStatus.PLANNED
        and sees_all_venues(user)
        and user.has_perm("artworks.change_placement")
    )


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


class PlanningView(BreadcrumbTitleMixin, WagtailAdminTemplateMixin, TemplateView):
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
            rows=self.linked_rows(grid),
            previous_query=self.month_query(grid["previous_month"]),
            next_query=self.month_query(grid["next_month"]),
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

    def month_query(self, month):
        """The planning's address for another month, its filters kept."""
        params = self.request.GET.copy()
        params["start"] = month.strftime("%Y-%m")
        return params.urlencode()

    def linked_rows(self, grid):
        """Each cell opens its placements, or adds one for that venue and month."""
        edit = "wagtailsnippets_artworks_placement:edit"
        add_url = reverse("wagtailsnippets_artworks_placement:add")
        rows = []
        for row in grid["rows"]:
            venue, cells = row["venue"], []
            for month, placements in zip(grid["months"], row["cells"], strict=True):
                for placement in placements:
                    placement.admin_url = reverse(edit, args=[placement.pk])
                last_day = selectors.add_months(month, 1) - datetime.timedelta(days=1)
                query = urlencode(
                    {"venue": venue.pk, "start_date": month.isoformat(), "end_date": last_day}
                )
                cells.append(
                    {"month": month, "placements": placements, "add_url": f"{add_url}?{query}"}
                )
            rows.append({"venue": venue, "cells": cells})
        return rows

    def post(self, request, *args, **kwargs):
        form = MoveGroupForm(request.POST)
        if form.is_valid():
            try:
                placements = services.place_works(
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
