"""Who may import or export a resource: the model permissions their roles give them (the row
scope is applied to the records themselves, see registry.RegisteredResource.scope), and for a
restricted resource (personal data) its own rule first (`RegisteredResource.open_to`)."""


def may_import(user, entry):
    if not entry.open_to(user):
        return False
    opts = entry.model._meta
    return user.has_perm(f"{opts.app_label}.add_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


def may_export(user, entry):
    if not entry.open_to(user):
        return False
    opts = entry.model._meta
    return may_import(user, entry) or user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
