from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from programmes.models import FollowedSenior
        from programmes.permissions import AssignedStaffPermissionPolicy

        register_permission_policy(
            FollowedSenior, AssignedStaffPermissionPolicy(FollowedSenior), exact_class=True
        )
