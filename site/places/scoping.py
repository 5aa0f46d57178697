"""The one seam for venue scoping: who may reach which venues' records.

Programme staff, moderators and superusers (permission `places.access_all_venues`) reach every
venue; a venue manager reaches only the venues listed in `Venue.managers` for them. Every
listing, form, export, import and report goes through `for_user()` and the permission policy
below; views never re-derive the rule. Wagtail's generic surfaces go through it too: snippet
choosers, bulk actions and the log entries of site and object history (below and in
`places.models.VenueRecordLogEntry`).
"""

from django.contrib.admin.utils import unquote
from django.db import models
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy

ACCESS_ALL_VENUES = "places.access_all_venues"


def sees_all_venues(user):
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm(ACCESS_ALL_VENUES))
    )


def managed_venues(user):
    """The venues a user may reach, as a queryset of Venue."""
    from places.models import Venue

    return Venue.objects.for_user(user)


class VenueScopedQuerySet(models.QuerySet):
    """A queryset for records that belong to a venue.

    `venue_path` is the lookup from the record to its Venue ("venue", "placement__venue"…);
    the Venue model itself uses "" (the record is the venue).
    """

    venue_path = "venue"

    def for_user(self, user):
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if sees_all_venues(user):
            return self
        from places.models import Venue

        own = Venue.objects.filter(managers=user).values("pk")
        return self.filter(**{f"{self.venue_path or 'pk'}__in": own})


def venue_of(instance):
    """The Venue a (possibly unsaved) record belongs to, following the queryset's venue_path."""
    path = instance.__class__._default_manager.get_queryset().venue_path
    obj = instance
    for part in filter(None, path.split("__")):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


class VenueRows:
    """The venue scope as the spreadsheet engine asks it (spreadsheets.registry.RowScope): a
    resource registered with `row_scope=VENUE_ROWS` exports and imports only the rows of the
    user's venues."""

    description = _(" (limité aux lieux gérés)")

    def sees_all(self, user):
        return sees_all_venues(user)

    def visible(self, queryset, user):
        return queryset.for_user(user)

    def owner_of(self, instance):
        return venue_of(instance)

    def owner_pks(self, user):
        return managed_venues(user).values_list("pk", flat=True)

    def refusal(self, venue):
        return gettext("Le lieu « %(venue)s » ne fait pas partie des lieux que vous gérez.") % {
            "venue": getattr(venue, "code", "") or gettext("inconnu")
        }


VENUE_ROWS = VenueRows()


def user_may_reach(user, instance):
    if sees_all_venues(user):
        return True
    if not (user and user.is_authenticated and user.is_active):
        return False
    venue = venue_of(instance)
    return venue is not None and venue.pk is not None and venue.managers.filter(pk=user.pk).exists()


class VenueScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions (from groups) narrowed to the venues the user may reach."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and user_may_reach(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and user_may_reach(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.model._default_manager.for_user(user)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])


class ScopedObjectMixin:
    """For Wagtail's single-object views: an out-of-scope record is answered with 404, before
    any other refusal of the view (a refusal would redirect to the dashboard with a generic
    message, and tell that the record exists)."""

    def get_object(self, *args, **kwargs):
        requested = self._requested_pk()
        if requested is not None and not sees_all_venues(self.request.user):
            reachable = self.model._default_manager.for_user(self.request.user)
            if not reachable.filter(pk=unquote(str(requested))).exists():
                raise Http404
        obj = super().get_object(*args, **kwargs)
        if not user_may_reach(self.request.user, obj):
            raise Http404
        return obj

    def _requested_pk(self):
        for attr in ("object_pk", "pk"):
            value = getattr(self, attr, None)
            if value is not None:
                return value
        return self.kwargs.get(getattr(self, "pk_url_kwarg", "pk"))


class VenueChoicesFilterSetMixin:
    """For a listing's filter set: the « Lieu » filter offers only the user's venues (its
    choices would otherwise name every venue)."""

    venue_filter_name = "venue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        venue_filter = self.filters.get(self.venue_filter_name)
        if venue_filter is not None:
            user = self.request.user if self.request is not None else None
            venue_filter.queryset = venue_filter.queryset.filter(
                pk__in=managed_venues(user).values("pk")
            )


def limit_venue_choices(form, user, field_name="venue"):
    """Restrict a form's venue field to the venues the user may reach."""
    field = form.fields.get(field_name)
    if field is not None:
        field.queryset = field.queryset.filter(pk__in=managed_venues(user).values("pk"))


#: every model registered below: its choosers, bulk actions and log entries are scoped too
VENUE_SCOPED_MODELS = []


def register_venue_scoped_model(model, policy_class=None):
    """Register the scoped permission policy for a model; call from its AppConfig.ready()."""
    from wagtail.permissions import register_permission_policy

    policy_class = policy_class or VenueScopedPermissionPolicy
    if not issubclass(policy_class, VenueScopedPermissionPolicy):
        raise TypeError(f"{policy_class.__name__} must narrow VenueScopedPermissionPolicy")
    register_permission_policy(model, policy_class(model), exact_class=True)
    if model not in VENUE_SCOPED_MODELS:
        VENUE_SCOPED_MODELS.append(model)


# --- Wagtail's generic surfaces: choosers and bulk actions ------------------------------------

ANY_ACTION = ("add", "change", "delete", "view")


def instances_user_may_reach(model, user):
    """What a user may reach of a model through its permission policy (the venue scope for a
    venue-scoped model; everything or nothing for the others)."""
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(model)
    return policy.instances_user_has_any_permission_for(user, ANY_ACTION)


class ScopedChooseMixin:
    """Chooser listing and results: only the records the user may reach."""

    def get_object_list(self):
        return instances_user_may_reach(self.model_class, self.request.user)


class ScopedChosenMixin:
    def get_object(self, pk):
        return instances_user_may_reach(self.model_class, self.request.user).get(pk=pk)


class ScopedChosenMultipleMixin:
    def get_objects(self, pks):
        return instances_user_may_reach(self.model_class, self.request.user).filter(pk__in=pks)


class NoChooserCreationMixin:
    """A scoped record is created through its own form (which limits the venues), never
    through the chooser's short creation form."""

    def can_create(self):
        return False


class ScopedBulkActionMixin:
    """For a snippet bulk action: ids the user may not reach are never loaded (neither listed as
    « without access » nor acted upon); an id list with none left answers 404."""

    def get_queryset(self, model, object_ids):
        from django.shortcuts import get_list_or_404

        reachable = instances_user_may_reach(model, self.request.user)
        return get_list_or_404(reachable, pk__in=object_ids)

    def get_all_objects_in_listing_query(self, parent_id):
        reachable = instances_user_may_reach(self.model, self.request.user)
        return reachable.values_list("pk", flat=True)
