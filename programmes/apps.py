from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy
        from wagtail.signals import page_published, post_page_move

        from home.audit import register_read_only
        from places.scoping import register_venue_scoped_model
        from programmes import showcase
        from programmes.models import AttendanceRecord, EventPage, FollowedSenior, PurgeLog
        from programmes.permissions import AssignedStaffPermissionPolicy, AttendancePermissionPolicy
        from programmes.services import follow_event_move, sync_published_event

        post_page_move.connect(follow_event_move, sender=EventPage)
        # The dates follow the rule on every publish (drafts: wagtail_hooks.sync_event_dates).
        page_published.connect(sync_published_event, sender=EventPage)
        register_permission_policy(
            FollowedSenior, AssignedStaffPermissionPolicy(FollowedSenior), exact_class=True
        )
        register_read_only(PurgeLog)
        register_venue_scoped_model(AttendanceRecord, AttendancePermissionPolicy)
        showcase.register()

        from home.agenda import register_agenda_page, register_source
        from programmes.agenda import OccurrenceSource, agenda_page_url

        register_source(OccurrenceSource())

        from programmes import cache_tags

        cache_tags.register()
        register_agenda_page(agenda_page_url)
