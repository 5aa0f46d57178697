"""The personal-data rule for senior follow-up, as a Wagtail permission policy and view mixin."""

from django.http import Http404
from wagtail.permission_policies import ModelPermissionPolicy

from places.scoping import VenueScopedPermissionPolicy


def may_see_senior(user, senior):
    from programmes.models import FollowedSenior

    return (
        senior.pk is not None
        and FollowedSenior.objects.for_user(user).filter(pk=senior.pk).exists()
    )


class AssignedStaffPermissionPolicy(ModelPermissionPolicy):
    """Model permissions (from the role) AND assignment to the senior's edition."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and may_see_senior(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and may_see_senior(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.model._default_manager.for_user(user)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])


class AssignedSeniorQuerysetMixin:
    """Listing views: only the seniors of the editions the user is assigned to; never in
    Wagtail's general export (the restricted spreadsheet resources are the only way out)."""

    def as_spreadsheet(self, *args, **kwargs):
        raise Http404

    def get_base_queryset(self):
        from programmes.models import FollowedSenior

        return FollowedSenior.objects.for_user(self.request.user).select_related(
            "commune", "edition"
        )


class AssignedSeniorObjectMixin:
    """Single-object views answer 404 for a senior of an edition the user is not assigned to."""

    def get_base_object_queryset(self):
        from programmes.models import FollowedSenior

        return FollowedSenior.objects.for_user(self.request.user)

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not may_see_senior(self.request.user, obj):
            raise Http404
        return obj


class AssignedEditionFormMixin:
    """The edition field only offers the editions the user is assigned to."""

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        field = form.fields.get("edition")
        if field is not None:
            from programmes.models import Edition

            field.queryset = Edition.objects.assigned_to(self.request.user)
        return form


class AttendancePermissionPolicy(VenueScopedPermissionPolicy):
    """Attendance records: scoped to the user's venues; created only from a session (the
    « à saisir » views), never from a blank admin form; a venue manager corrects a record
    only within the correction period."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "change":
            from programmes.participation import may_correct

            return may_correct(user, instance)
        return super().user_has_permission_for_instance(user, action, instance)
