"""The audit trail: who changed what, when, before → after, on the records a ministry must be able
to account for (practices, evaluations and their levels, memberships, national roles).

An audited model is added with one line in its app's AppConfig.ready():

    audit.register(Replication, fields=["status", "adopter", "practice"], label=str)

and its default manager comes from `AuditedQuerySet` (register() refuses it otherwise), so that
nothing skips the trail:

- save() and delete() (forms, services, the admin, cascades) are recorded by signals;
- `bulk_create()` and `update()` (hence `bulk_update()`) on its querysets record one event per row,
  written with one bulk insert in the same transaction;
- changes of its many-to-many fields (a user's groups) by `m2m_changed`.

The actor is the user of the current request (`AuditRequestMiddleware`), or who a service or task
names with `acting_as(user)`; with neither, the change is the system's (a script, a loader).
"""

from .queryset import AuditedQuerySet
from .registry import register
from .trail import (
    CHANGED,
    CREATED,
    DELETED,
    AuditRequestMiddleware,
    acting_as,
    collecting,
    person_forget,
    record,
)

__all__ = [
    "CHANGED",
    "CREATED",
    "DELETED",
    "AuditRequestMiddleware",
    "AuditedQuerySet",
    "acting_as",
    "collecting",
    "person_forget",
    "record",
    "register",
]
