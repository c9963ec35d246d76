"""What each kind of notification says. Texts are rendered when shown, in the reader's language.

A notification stores its event name and the facts of the moment in `data` (titles, names, the
actor's role and pemda); the sentence is built here from a translated template. Another feature adds
its own events with `register()` at import time of its module (e.g. the replication pipeline).
Placeholders a notification lacks render empty rather than failing.
"""

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from ..roles import role_label

_TEXTS = {}


def register(event, text):
    """Make `event` known with its translated `text` (a %(name)s template over the data)."""
    _TEXTS[event] = text


def is_known(event):
    return event in _TEXTS


def render(event, data):
    text = _TEXTS.get(event)
    if text is None:
        return event
    values = defaultdict(str, data)
    values["actor"] = role_label(data.get("actor_role"), data.get("actor_regency", ""))
    return str(text) % values


register("practice_updated", _("%(actor)s updated the practice “%(practice)s”."))
register("practice_published", _("%(regency)s published a new practice: “%(practice)s”."))
register("practice_archived", _("The practice “%(practice)s” was archived by %(actor)s."))
register(
    "practice_stale",
    _(
        "“%(practice)s” was last reviewed more than 12 months ago: please check that its page is still accurate and update the review date."
    ),
)
register("question_asked", _("%(actor)s asked a question about “%(practice)s”."))
register("comment_posted", _("%(actor)s commented on “%(practice)s”."))
register("reply_posted", _("%(actor)s replied in the discussion of “%(practice)s”."))
register(
    "answer_marked", _("The owner pemda marked a reply as the answer to a question about “%(practice)s”.")
)
register("comment_hidden", _("An admin hid your comment on “%(practice)s”: %(reason)s"))
register("comment_reported", _("A comment on “%(practice)s” was reported: %(reason)s"))
