"""Writing events: who acts (the request's user, or whom a task names), and how events reach the
database (one bulk insert per write, or one per `collecting()` block)."""

import contextvars
from contextlib import contextmanager

from django.db import transaction

from . import registry

UNSET = object()
_request = contextvars.ContextVar("audit_request", default=None)
_actor = contextvars.ContextVar("audit_actor", default=UNSET)
_via = contextvars.ContextVar("audit_via", default="")
_buffer = contextvars.ContextVar("audit_buffer", default=None)

CREATED, CHANGED, DELETED = "created", "changed", "deleted"
BULK = "bulk"


class AuditRequestMiddleware:
    """Makes the request's user the actor of what the request changes (after AuthenticationMiddleware;
    DRF's token authentication sets the same request's user later, which is read at write time)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


@contextmanager
def acting_as(user, *, via=""):
    """Changes made inside are `user`'s (None: the system's), e.g. an import run by a worker;
    `via` says through what, e.g. "SPBE import #12"."""
    actor_token, via_token = _actor.set(user), _via.set(via)
    try:
        yield
    finally:
        _actor.reset(actor_token)
        _via.reset(via_token)


def current_actor():
    actor = _actor.get()
    if actor is not UNSET:
        return actor
    request = _request.get()
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _request_id():
    """The request's id, or the Celery task's (which the logs carry too)."""
    from livinglab.logging import request_id_var

    request = _request.get()
    value = getattr(request, "id", None) or request_id_var.get()
    return "" if value == "-" else value[:128]


def event(entry, obj, action, changes, *, label=None, via=""):
    """An unsaved AuditEvent about `obj` (its label read now, unless given)."""
    from livinglab.models import AuditEvent

    actor = current_actor()
    return AuditEvent(
        actor=actor,
        actor_label=actor.get_username() if actor is not None else "",
        action=action,
        via=_via.get() or via,
        object_type=entry.object_type,
        object_id=str(obj.pk),
        object_label=str(entry.label(obj) if label is None else label)[:300],
        about_user_id=entry.person_id(obj),
        changes=changes,
        request_id=_request_id(),
    )


def created_changes(values):
    return {name: [None, value] for name, value in values.items() if value not in (None, "", [], {})}


def deleted_changes(values):
    return {name: [value, None] for name, value in values.items() if value not in (None, "", [], {})}


def diff(before, after):
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def save_events(events):
    """Write the events with one insert (or keep them for the enclosing `collecting()` block)."""
    events = [e for e in events if e is not None]
    if not events:
        return
    buffer = _buffer.get()
    if buffer is not None:
        buffer.extend(events)
        return
    from livinglab.models import AuditEvent

    AuditEvent.objects.bulk_create(events)  # one insert (SQLite: as many as its limits need)


def record(obj, action, changes, *, label=None):
    """Record one event about a registered model's `obj`: `changes` is {field: [before, after]}. For
    what signals cannot see, such as a practice's relations written by its service."""
    entry = registry.entry_for(type(obj))
    if action == CHANGED and not changes:
        return
    save_events([event(entry, obj, action, changes, label=label)])


def _merge(events):
    """One event per record: what a block did to it, from the first value to the last."""
    merged = {}
    for item in events:
        key = (item.object_type, item.object_id)
        first = merged.get(key)
        if first is None:
            merged[key] = item
            continue
        if item.action == DELETED:
            first.action = DELETED
        for name, (old, new) in item.changes.items():
            first.changes[name] = [first.changes[name][0], new] if name in first.changes else [old, new]
        first.changes = {name: pair for name, pair in first.changes.items() if pair[0] != pair[1]}
        first.object_label = item.object_label
    return [e for e in merged.values() if e.changes or e.action != CHANGED]


@contextmanager
def collecting():
    """Gather the events of a block and write them at its end with one insert, one per record (a
    record saved three times in an import reads as one change). Nested blocks join the outer one."""
    if _buffer.get() is not None:
        yield
        return
    events = []
    token = _buffer.set(events)
    try:
        with transaction.atomic():
            yield
            _buffer.reset(token)
            token = None
            save_events(_merge(events))
    finally:
        if token is not None:
            _buffer.reset(token)


def person_forget(*, user, old_username):
    """Erasure (UU PDP): the trail keeps what was done, not who the erased person was. Their events
    as actor read "erased account", and records about them (their account, their membership) lose
    the old user name in label and values."""
    from livinglab.models import AuditEvent

    new_username = user.get_username()
    AuditEvent.objects.filter(actor=user).update(actor_label=new_username)
    about = list(AuditEvent.objects.filter(about_user_id=user.pk))
    for item in about:
        # The labels of an account and of a membership start with the user name ("budi — Kabupaten …").
        if item.object_label == old_username or item.object_label.startswith(old_username + " "):
            item.object_label = new_username + item.object_label[len(old_username) :]
        item.changes = {
            name: [new_username if value == old_username else value for value in pair]
            for name, pair in item.changes.items()
        }
    AuditEvent.objects.bulk_update(about, ["object_label", "changes"])
