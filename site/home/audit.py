"""Records that are an audit trail (purge logs…): visible to those with the view permission,
never created, changed or deleted through the admin — not even by a superuser."""

from wagtail.permission_policies import ModelPermissionPolicy

WRITE_ACTIONS = {"add", "change", "delete", "copy", "lock", "unlock", "publish"}


class ReadOnlyRecordPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action not in WRITE_ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def register_read_only(model):
    from wagtail.permissions import register_permission_policy

    register_permission_policy(model, ReadOnlyRecordPolicy(model), exact_class=True)
