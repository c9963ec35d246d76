import datetime

from django.conf import settings
from django.core.management.base import BaseCommand

from spbe.imports import import_requeue_stale


class Command(BaseCommand):
    help = (
        "Queue again the imports that have been queued or running for longer than --minutes "
        "(their message or worker was lost). Safe to run at any time; beat runs it every 5 minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=settings.STALE_JOB_MINUTES)

    def handle(self, *args, **options):
        requeued = import_requeue_stale(older_than=datetime.timedelta(minutes=options["minutes"]))
        self.stdout.write(f"imports queued again: {len(requeued)} {requeued}")
