"""Notify people of an event, and e-mail them at the frequency each chose.

`notify()` is the one way in: an event about a subject (a practice, a pemda, a comment, a
replication...), delivered to the followers of the subject's practice and pemda and to any given
recipients, never to the actor. Rows are created in bulk; e-mail goes out after the commit, at once
for those who want it immediately and in a daily or weekly digest for the others (tasks.py, on beat).
Every sender locks the rows, marks them e-mailed and only then hands the message to the mail server,
all in one transaction: a task that runs twice sends nothing twice, and a worker killed before or
while sending leaves the mark rolled back (PostgreSQL aborts the transaction of a dead connection), so
the retry sends it. The one window left is between the mail server's acceptance and the COMMIT: a kill
there sends the message again on retry, with the same Message-ID (`notification_message_id()`), which
mail stores that de-duplicate by Message-ID keep once. tests/knowledge/test_notification_drill.py
measures it (about one kill in 10 to 20 lands there). A connection PostgreSQL has not yet seen die (a
host lost without a trace, not a killed process) keeps its row locked, and a retry then passes over
the row (skip_locked); that row, like one whose task was lost with Redis, is picked up by
`email_unsent()`, which beat runs every few minutes.
"""

import datetime
import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from regencies.models import Membership, Regency

from ..practices.models import Practice
from ..roles import public_role
from . import events
from .models import Follow, Frequency, FreshnessReminder, Notification, NotificationPreference

DIGEST_WINDOWS = {Frequency.DAILY: datetime.timedelta(days=2), Frequency.WEEKLY: datetime.timedelta(days=14)}
# An immediate e-mail not sent this long after its notification was created is sent by email_unsent().
UNSENT_AFTER = datetime.timedelta(minutes=10)


class NotificationError(Exception):
    def __init__(self, message, field="non_field_errors"):
        super().__init__(message)
        self.field = field


# Follows ------------------------------------------------------------------------------------------
def _target_fields(target):
    if isinstance(target, Practice):
        return {"practice": target}
    if isinstance(target, Regency):
        return {"regency": target}
    raise NotificationError(_("Only a practice or a regency/city can be followed."), "target")


def follow(*, user, target):
    """Follow a practice or pemda; following twice changes nothing. Returns the Follow."""
    if isinstance(target, Practice) and target.is_draft:
        raise NotificationError(_("A draft cannot be followed."), "target")
    fields = _target_fields(target)
    try:
        with transaction.atomic():
            return Follow.objects.get_or_create(user=user, **fields)[0]
    except IntegrityError:  # a concurrent request created it first
        return Follow.objects.get(user=user, **fields)


def unfollow(*, user, target):
    Follow.objects.filter(user=user, **_target_fields(target)).delete()


def preference_set(*, user, frequency, language):
    return NotificationPreference.objects.update_or_create(
        user=user, defaults={"frequency": frequency, "language": language}
    )[0]


# Creating notifications ---------------------------------------------------------------------------
def _subject_parts(subject):
    """(practice, regency, content type or None) of a subject. A practice's news reaches the followers
    of its owner pemda too; any other subject reaches the followers of its `practice` and `regency`
    attributes when it has them (a comment has a practice; a replication has both)."""
    if isinstance(subject, Practice):
        return subject, subject.regency, None
    if isinstance(subject, Regency):
        return None, subject, None
    practice = getattr(subject, "practice", None)
    regency = getattr(subject, "regency", None)
    return practice, regency, ContentType.objects.get_for_model(subject)


def _facts(practice, regency, actor):
    role, actor_regency = public_role(actor)
    facts = {
        "actor_role": role.value if role else "",
        "actor_regency": actor_regency.name if actor_regency else "",
    }
    if practice is not None:
        facts["practice"] = practice.title
    if regency is not None:
        facts["regency"] = regency.name
    return facts


@transaction.atomic
def notify(*, event, subject, actor=None, recipients=(), to_followers=True, data=None):
    """Tell the followers of `subject` (and `recipients`), except `actor`, that `event` happened.

    Returns the created notifications. E-mail for those who want it immediately is sent by a task
    enqueued when the transaction commits.
    """
    if not events.is_known(event):
        raise ValueError(f"unknown notification event {event!r}")
    practice, regency, content_type = _subject_parts(subject)
    user_ids = {user.pk for user in recipients}
    if to_followers:
        targets = Q(pk__in=[])
        if practice is not None:
            targets |= Q(practice=practice)
        if regency is not None:
            targets |= Q(regency=regency)
        user_ids |= set(Follow.objects.filter(targets).values_list("user_id", flat=True))
    if actor is not None:
        user_ids.discard(actor.pk)
    if not user_ids:
        return []
    people = dict(
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .values_list("pk", "notification_preference__frequency")
    )
    facts = {**_facts(practice, regency, actor), **(data or {})}
    url = subject.get_absolute_url() if hasattr(subject, "get_absolute_url") else ""
    rows = Notification.objects.bulk_create(
        Notification(
            recipient_id=pk,
            event=event,
            practice=practice,
            regency=regency,
            subject_type=content_type,
            subject_id=str(subject.pk) if content_type else "",
            data=facts,
            url=url,
        )
        for pk in sorted(people)
    )
    immediate = [
        row.pk for row in rows if (people[row.recipient_id] or Frequency.IMMEDIATELY) == Frequency.IMMEDIATELY
    ]
    if immediate:
        from . import tasks  # late: tasks import this module

        transaction.on_commit(lambda: tasks.send_notification_emails.delay(immediate))
    return rows


# The practice events: practices.services records every change as a revision and hands it here.
PRACTICE_EVENTS = {
    "published": "practice_published",
    "archived": "practice_archived",
    "edited": "practice_updated",
    "document_added": "practice_updated",
    "document_removed": "practice_updated",
}


def practice_revision_notify(*, revision):
    """Tell the followers of a practice and of its pemda that it changed, if the public could see it:
    published, edited while published, or archived after being published (never a draft's news)."""
    practice = revision.practice
    event = PRACTICE_EVENTS.get(revision.action)
    if event == "practice_archived":
        was_public = any(change.get("old") == Practice.Status.PUBLISHED for change in revision.changes)
    else:
        was_public = practice.status == Practice.Status.PUBLISHED
    if event is None or not was_public:
        return []
    return notify(event=event, subject=practice, actor=revision.changed_by)


# Reading ------------------------------------------------------------------------------------------
def mark_read(*, user, notification_ids=None):
    """Mark the user's notifications (all, or those given) read. Returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


# E-mail -------------------------------------------------------------------------------------------
def _language(user):
    preference = getattr(user, "notification_preference", None)
    return preference.language if preference else settings.LANGUAGE_CODE


def _frequency(user):
    preference = getattr(user, "notification_preference", None)
    return preference.frequency if preference else Frequency.IMMEDIATELY


def _absolute(url):
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url


def _mail_domain():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def notification_message_id(notification):
    """The RFC 5322 Message-ID of the e-mail of one notification: the same each time it is sent, so a
    message sent again after a lost COMMIT is recognised as the same message."""
    return f"<notification-{notification.pk}@{_mail_domain()}>"


def digest_message_id(user, notifications):
    """The Message-ID of a digest: from the person and the sorted ids of what it holds."""
    ids = ",".join(str(pk) for pk in sorted(n.pk for n in notifications))
    return f"<digest-{user.pk}-{hashlib.sha256(ids.encode()).hexdigest()[:16]}@{_mail_domain()}>"


def _send(user, template, build, message_id):
    """Send one e-mail (text, with an HTML alternative) rendered in the recipient's language.

    `build()` returns (subject, context); it runs with that language active."""
    with translation.override(_language(user)):
        subject, context = build()
        context = {
            **context,
            "user": user,
            "site_url": settings.SITE_URL,
            "preferences_url": _absolute(reverse("notifications:list")),
        }
        message = EmailMultiAlternatives(
            subject=str(subject),
            body=render_to_string(f"emails/{template}.txt", context),
            to=[user.email],
            headers={"Message-ID": message_id},
        )
        message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    message.send()


def _locked_unsent(queryset):
    # skip_locked: a second run of the same task passes over rows the first one is sending.
    return queryset.filter(emailed_at__isnull=True).select_for_update(skip_locked=True, of=("self",))


def email_immediately(*, notification_ids):
    """E-mail each notification to a recipient who wants e-mail at once. Returns how many were sent.

    One transaction per notification: lock the row, mark it e-mailed, send, commit. A kill before the
    mail server accepted the message rolls the mark back and the retry sends it; a kill between the
    acceptance and the COMMIT makes the retry send it again, with the same Message-ID.
    """
    sent = 0
    for pk in notification_ids:
        with transaction.atomic():
            notification = (
                _locked_unsent(Notification.objects.filter(pk=pk))
                .select_related("recipient__notification_preference")
                .first()
            )
            if notification is None or not notification.recipient.email:
                continue
            recipient = notification.recipient
            if not recipient.is_active or _frequency(recipient) != Frequency.IMMEDIATELY:
                continue  # they changed their mind since; a digest takes it if they want one
            Notification.objects.filter(pk=pk).update(emailed_at=timezone.now())  # rolled back if _send fails
            _send(
                recipient,
                "notification",
                lambda n=notification: _immediate_email(n),
                notification_message_id(notification),
            )
            sent += 1
    return sent


def unsent_immediate(*, now=None, older_than=UNSENT_AFTER):
    """Ids of notifications that should have been e-mailed at once and were not, oldest first: their
    task was lost (a Redis restart) or passed over a row a dead worker still held. Only the last
    DIGEST_WINDOWS[daily]: an old backlog (e-mail turned on later) is not sent."""
    now = now or timezone.now()
    wants_it_now = Q(recipient__notification_preference__isnull=True) | Q(
        recipient__notification_preference__frequency=Frequency.IMMEDIATELY
    )
    return list(
        Notification.objects.filter(
            wants_it_now,
            emailed_at__isnull=True,
            recipient__is_active=True,
            created_at__lte=now - older_than,
            created_at__gte=now - DIGEST_WINDOWS[Frequency.DAILY],
        )
        .exclude(recipient__email="")
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )


def email_unsent(*, now=None):
    """E-mail what `unsent_immediate()` finds. Returns how many were sent."""
    return email_immediately(notification_ids=unsent_immediate(now=now))


def _immediate_email(notification):
    text = notification.text
    subject = _("Living Lab: %(text)s") % {"text": _shorten(text)}
    return subject, {"item": {"text": text, "url": _absolute(notification.url)}}


def _digest_email(notifications, frequency):
    subject = _("Living Lab: %(count)s new notifications") % {"count": len(notifications)}
    items = [{"text": n.text, "url": _absolute(n.url), "created_at": n.created_at} for n in notifications]
    return subject, {"items": items, "frequency": frequency}


def _shorten(text, limit=120):
    """One line (a subject may not hold a line break) of at most `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def digest_recipients(*, frequency, now=None):
    """Ids of active people with an e-mail address who chose `frequency` and have something to read."""
    now = now or timezone.now()
    return list(
        get_user_model()
        .objects.filter(is_active=True, notification_preference__frequency=frequency)
        .exclude(email="")
        .filter(
            notifications__emailed_at__isnull=True,
            notifications__read_at__isnull=True,
            notifications__created_at__gte=now - DIGEST_WINDOWS[frequency],
        )
        .distinct()
        .values_list("pk", flat=True)
    )


def digest_send(*, user_id, frequency, now=None):
    """One e-mail with every unread, un-e-mailed notification of the period. Returns how many it held.

    Only the last DIGEST_WINDOWS of notifications are sent: someone who switches from "never" to
    a digest is not sent a year of history. Marked before sending, in the transaction that holds the
    locks, as email_immediately() does; a retry after a kill between the mail server's acceptance and
    the COMMIT sends the digest again, with the same Message-ID unless news arrived in between (then
    it holds more and is a different message).
    """
    now = now or timezone.now()
    with transaction.atomic():
        user = (
            get_user_model()
            .objects.filter(pk=user_id, is_active=True, notification_preference__frequency=frequency)
            .select_related("notification_preference")
            .first()
        )
        if user is None or not user.email:
            return 0
        notifications = list(
            _locked_unsent(Notification.objects.filter(recipient=user, read_at__isnull=True))
            .filter(created_at__gte=now - DIGEST_WINDOWS[frequency], created_at__lte=now)
            .order_by("created_at", "pk")
        )
        if not notifications:
            return 0
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=now)
        _send(
            user,
            "digest",
            lambda: _digest_email(notifications, frequency),
            digest_message_id(user, notifications),
        )
    return len(notifications)


# Freshness reminders ------------------------------------------------------------------------------
def _a_year_before(day):
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def stale_practices(*, today):
    """Published practices not reviewed for 12 months (or never reviewed and published 12 months
    ago) that have had no reminder this month, with their owner pemda's active staff."""
    cutoff = _a_year_before(today)
    published_before = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))
    staff = Membership.objects.filter(user__is_active=True).select_related("user")
    return (
        Practice.objects.published()
        .filter(Q(reviewed_on__lte=cutoff) | Q(reviewed_on__isnull=True, published_at__lte=published_before))
        .exclude(freshness_reminders__month=today.replace(day=1))
        .select_related("regency")
        .prefetch_related(Prefetch("regency__memberships", queryset=staff, to_attr="staff"))
        .order_by("pk")
    )


def freshness_reminders_send(*, today=None):
    """Remind the owner pemda's staff of each stale practice, once a practice a month. Returns how
    many practices were reminded."""
    today = today or timezone.localdate()
    reminded = 0
    for practice in stale_practices(today=today):
        try:
            with transaction.atomic():
                FreshnessReminder.objects.create(practice=practice, month=today.replace(day=1))
                notify(
                    event="practice_stale",
                    subject=practice,
                    recipients=[membership.user for membership in practice.regency.staff],
                    to_followers=False,
                )
        except IntegrityError:  # another run reminded it this month
            continue
        reminded += 1
    return reminded
