"""Saves, deletions and many-to-many changes of audited models, one event each."""

from . import registry, trail


def pre_save_remember(sender, instance, raw=False, using=None, update_fields=None, **kwargs):
    """Read the stored values before they change (only the fields being saved)."""
    instance._audit_before = None
    if raw or instance._state.adding or instance.pk is None:
        return
    entry = registry.entry_for(sender)
    fields = [f for f in entry.fields if update_fields is None or f.name in update_fields]
    if not fields:
        return
    stored = (
        sender._base_manager.using(using).filter(pk=instance.pk).values(*(f.attname for f in fields)).first()
    )
    if stored is not None:
        instance._audit_before = {f.name: registry.value_of(f, stored[f.attname]) for f in fields}


def post_save_record(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    entry = registry.entry_for(sender)
    before = getattr(instance, "_audit_before", None)
    instance._audit_before = None
    if created or (before is None and update_fields is None):  # saved over a row gone meanwhile
        trail.save_events(
            [trail.event(entry, instance, trail.CREATED, trail.created_changes(entry.values(instance)))]
        )
        return
    if before is None:
        return
    changes = trail.diff(before, entry.values(instance, names=before))
    if changes:
        trail.save_events([trail.event(entry, instance, trail.CHANGED, changes)])


def post_delete_record(sender, instance, **kwargs):
    entry = registry.entry_for(sender)
    trail.save_events(
        [trail.event(entry, instance, trail.DELETED, trail.deleted_changes(entry.values(instance)))]
    )


def _names(instance, field):
    return sorted(str(item) for item in getattr(instance, field).all())


def m2m_changed_record(sender, instance, action, reverse, **kwargs):
    """A user's groups given or taken: the whole list before → after. Changes made from the other
    side (`group.user_set.add(user)`) are not recorded: nothing in the portal makes them."""
    model, field = registry.m2m_field_for(sender)
    if reverse or not isinstance(instance, model):
        return
    if action.startswith("pre_"):
        instance._audit_m2m = {**getattr(instance, "_audit_m2m", {}), field: _names(instance, field)}
        return
    if not action.startswith("post_"):
        return
    before = getattr(instance, "_audit_m2m", {}).pop(field, None)
    after = _names(instance, field)
    if before is not None and before != after:
        entry = registry.entry_for(model)
        trail.save_events([trail.event(entry, instance, trail.CHANGED, {field: [before, after]})])
