"""The notification texts of replication steps (knowledge.notifications renders them in the reader's
language). Imported by models.py, so they are known wherever notifications are shown."""

from django.utils.translation import gettext_lazy as _

from ..notifications.events import register

TEXTS = {
    "requested": _("%(adopter)s asks to replicate “%(practice)s” of %(owner)s."),
    "accepted": _("%(owner)s accepted to help %(adopter)s replicate “%(practice)s”."),
    "declined": _("%(owner)s declined the request of %(adopter)s to replicate “%(practice)s”."),
    "agreement": _("%(owner)s and %(adopter)s signed an agreement to replicate “%(practice)s”."),
    "handover": _("%(owner)s handed over “%(practice)s” to %(adopter)s (hibah and BAST)."),
    "training": _("%(owner)s is assisting and training %(adopter)s to run “%(practice)s”."),
    "deployed": _("%(adopter)s deployed its replication of “%(practice)s”."),
    "live": _("%(adopter)s went live with its replication of “%(practice)s”."),
    "evaluated": _("%(adopter)s evaluated its replication of “%(practice)s”."),
    "stopped": _("%(actor)s stopped the replication of “%(practice)s” by %(adopter)s."),
    # Not a stage: the weekly reminder of a replication with no step for 60 days (services.py).
    "stalled": _(
        "The replication of “%(practice)s” by %(adopter)s from %(owner)s has had no step for 60 days:"
        " record the next step, or stop it with a reason."
    ),
}


def event_name(stage):
    return f"replication_{stage}"


for _stage, _text in TEXTS.items():
    register(event_name(_stage), _text)
