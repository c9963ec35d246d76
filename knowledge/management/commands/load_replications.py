from django.core.management.base import BaseCommand, CommandError

from knowledge.replications.demo import DemoError, demo_replications_load


class Command(BaseCommand):
    help = (
        "Load the replications of Sumedang's e-Office and e-SAKIP recorded from public reporting "
        "(knowledge/data/replication_cases.csv), flagged contoh; needs load_practices --demo first."
    )

    def handle(self, *args, **options):
        try:
            loaded = demo_replications_load()
        except DemoError as error:
            raise CommandError(f"Replications not loaded: {error}") from None
        if loaded.created:
            self.stdout.write(f"example replications (flagged contoh): {loaded.created} created")
        else:
            self.stdout.write("example replications already there: nothing changed.")
        if loaded.kept:
            self.stdout.write(
                "left as the pemda recorded them on the portal (no example added): " + "; ".join(loaded.kept)
            )
        if loaded.visits_only:
            self.stdout.write(
                "study visits only, no replication recorded: " + ", ".join(sorted(set(loaded.visits_only)))
            )
