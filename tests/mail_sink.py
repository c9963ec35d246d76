"""An e-mail backend for the drills that records every hand-off, as a mail server's log would.

Set EMAIL_BACKEND=tests.mail_sink.EmailBackend, MAIL_SINK=<file> and, to stand for the mail server's
latency, MAIL_SINK_DELAY_MS. Per message it waits, then appends one line "<Message-ID> <recipient>"
and flushes and fsyncs it: once the line is on disk the message counts as accepted, whatever happens
to the process next."""

import os
import time

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        delay = int(os.environ.get("MAIL_SINK_DELAY_MS", "0")) / 1000
        sent = 0
        with open(os.environ["MAIL_SINK"], "a") as sink:
            for message in email_messages:
                time.sleep(delay)
                message_id = message.message()["Message-ID"]
                for recipient in message.recipients():
                    sink.write(f"{message_id} {recipient}\n")
                sink.flush()
                os.fsync(sink.fileno())
                sent += 1
        return sent


def handoffs(path):
    """[(Message-ID, recipient), ...] in the order the sink accepted them."""
    if not os.path.exists(path):
        return []
    with open(path) as sink:
        return [tuple(line.split()) for line in sink if line.endswith("\n")]
