"""The one seam for venue scoping: who may reach which venues' records.

Programme staff, moderators and superusers (permission `places.access_all_venues`) reach every
venue; a venue manager reaches only the venues listed in `Venue.managers` for them. Every
listing, form, export, import and report goes through `for_user()` and the permission policy
below; views never re-derive the rule.
"""

from django.db import models
from django.http import Http404
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

    def for_venues(self, venues):
        return self.filter(**{f"{self.venue_path or 'pk'}__in": venues})


def venue_of(instance):
    """The Venue a (possibly unsaved) record belongs to, following the queryset's venue_path."""
    path = instance.__class__._default_manager.get_queryset().venue_path
    obj = instance
    for part in filter(None, path.split("__")):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


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
    """For Wagtail's single-object views: an out-of-scope record is answered with 404."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not user_may_reach(self.request.user, obj):
            raise Http404
        return obj


class VenueScopedViewSetMixin:
    """For a SnippetViewSet/ModelViewSet of a venue-scoped model: listing, export and every
    single-object view are limited to the user's venues."""

    scoped_view_names = ("edit", "delete", "inspect", "history", "usage", "copy")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.scoped_view_names:
            attr = f"{name}_view_class"
            view_class = getattr(self, attr, None)
            if view_class is not None and not issubclass(view_class, ScopedObjectMixin):
                scoped = type(f"Scoped{view_class.__name__}", (ScopedObjectMixin, view_class), {})
                setattr(self, attr, scoped)

    def get_queryset(self, request):
        return self.model._default_manager.for_user(request.user)


def limit_venue_choices(form, user, field_name="venue"):
    """Restrict a form's venue field to the venues the user may reach."""
    field = form.fields.get(field_name)
    if field is not None:
        field.queryset = field.queryset.filter(pk__in=managed_venues(user).values("pk"))


def register_venue_scoped_model(model):
    """Register the scoped permission policy for a model; call from its AppConfig.ready()."""
    from wagtail.permissions import register_permission_policy

    register_permission_policy(model, VenueScopedPermissionPolicy(model), exact_class=True)
