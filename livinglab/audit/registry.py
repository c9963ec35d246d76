"""Which models are audited, which of their fields, and how each value and record is written down."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

LONG_TEXT = 500  # a value longer than this is cut: the trail says what changed, not every word of it


@dataclass(frozen=True)
class Audited:
    model: type
    fields: tuple  # the model's Field objects
    m2m: tuple = ()  # names of many-to-many fields
    label: Callable = str
    related: tuple = ()  # select_related() that `label` needs, for the bulk paths
    person: str | None = None  # attname of the account a record is about (its label names the person)

    @property
    def object_type(self):
        return self.model._meta.label_lower

    def values(self, obj, names=None):
        """The audited fields of `obj` as JSON-ready values (only `names` when given)."""
        return {
            field.name: value_of(field, getattr(obj, field.attname))
            for field in self.fields
            if names is None or field.name in names or field.attname in names
        }

    def person_id(self, obj):
        return getattr(obj, self.person) if self.person else None


_registry = {}
_m2m_fields = {}  # through model → (audited model, field name)


def value_of(field, value):
    if value is None or isinstance(value, bool | int | float | list | dict):
        return value
    if isinstance(value, Decimal):
        places = getattr(field, "decimal_places", None)
        return str(value.quantize(Decimal(1).scaleb(-places)) if places is not None else value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)  # a file's name, a UUID, text
    return text if len(text) <= LONG_TEXT else text[: LONG_TEXT - 1] + "…"


def register(model, *, fields, m2m=(), label=str, related=(), person=None, bulk_writes=True):
    """Audit `model`: its `fields` (names), its many-to-many fields `m2m`; `label(obj)` names a
    record (`related`: what it reads across relations); `person`: the attname of the account the
    record is about, whose name an erasure removes from the trail.

    `bulk_writes=False` only for a model whose manager is not ours (auth's User, which no code here
    writes in bulk)."""
    from .queryset import AuditedQuerySet
    from .signals import m2m_changed_record, post_delete_record, post_save_record, pre_save_remember

    if bulk_writes and not issubclass(model._default_manager._queryset_class, AuditedQuerySet):
        raise ImproperlyConfigured(
            f"{model._meta.label}: its default manager must come from livinglab.audit.AuditedQuerySet, "
            "or its bulk writes would skip the audit trail."
        )
    entry = Audited(
        model=model,
        fields=tuple(model._meta.get_field(name) for name in fields),
        m2m=tuple(m2m),
        label=label,
        related=tuple(related),
        person=person,
    )
    _registry[model] = entry
    uid = f"livinglab.audit.{entry.object_type}"
    pre_save.connect(pre_save_remember, sender=model, dispatch_uid=uid)
    post_save.connect(post_save_record, sender=model, dispatch_uid=uid)
    post_delete.connect(post_delete_record, sender=model, dispatch_uid=uid)
    for name in entry.m2m:
        through = model._meta.get_field(name).remote_field.through
        _m2m_fields[through] = (model, name)
        m2m_changed.connect(m2m_changed_record, sender=through, dispatch_uid=f"{uid}.{name}")
    return entry


def entry_for(model):
    return _registry.get(model)


def m2m_field_for(through):
    return _m2m_fields.get(through)


def registered():
    return dict(_registry)


def object_types():
    """(object type, the model's name) of every audited model, for the admin's filter."""
    return sorted((entry.object_type, str(model._meta.verbose_name)) for model, entry in _registry.items())
