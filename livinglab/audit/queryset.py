"""Bulk writes that record their events: Django's bulk_create() and update() (bulk_update() calls
update()) skip the save signals, so the audited models' querysets record them here, one event per
row, with one query to read the rows and one insert for the events."""

from django.db import models, transaction

from . import registry, trail


def _holds(obj, path):
    """Whether `obj` already holds the related objects of `path` ("evaluation__regency")."""
    for name in path.split("__"):
        field = obj._meta.get_field(name)
        if not field.is_cached(obj):
            return False
        obj = getattr(obj, name)
        if obj is None:
            return True
    return True


class AuditedQuerySet(models.QuerySet):
    def _audit_fetch(self, entry, pks):
        rows = self.model._base_manager.using(self.db).filter(pk__in=pks).select_related(*entry.related)
        return {row.pk: row for row in rows}

    def _audit_created(self, entry, objs):
        """The created rows with what their labels need: the objects themselves when they hold it
        (an import builds its levels with their evaluation and indicator), else read back."""
        objs = [obj for obj in objs if obj.pk is not None]
        if all(_holds(obj, path) for obj in objs for path in entry.related):
            return objs
        return list(self._audit_fetch(entry, [obj.pk for obj in objs]).values())

    def bulk_create(self, objs, *args, **kwargs):
        entry = registry.entry_for(self.model)
        if entry is None:
            return super().bulk_create(objs, *args, **kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            objs = super().bulk_create(objs, *args, **kwargs)
            # With what the labels need: at most one query, not one per row.
            trail.save_events(
                trail.event(
                    entry, row, trail.CREATED, trail.created_changes(entry.values(row)), via=trail.BULK
                )
                for row in self._audit_created(entry, objs)
            )
        return objs

    def update(self, **kwargs):
        entry = registry.entry_for(self.model)
        if entry is None:
            return super().update(**kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            # The rows as they are, read before the update may move them out of the filter.
            rows = self.model._base_manager.using(self.db).filter(pk__in=self.values("pk"))
            before = {row.pk: entry.values(row) for row in rows}
            count = super().update(**kwargs)
            after = self._audit_fetch(entry, list(before))
            trail.save_events(
                trail.event(entry, row, trail.CHANGED, changes, via=trail.BULK)
                for pk, row in after.items()
                if (changes := trail.diff(before[pk], entry.values(row, names=kwargs)))
            )
        return count
