from django.core.management.base import BaseCommand, CommandError

from knowledge.practices.demo import DemoError, demo_practices_load
from knowledge.practices.services import glossary_load, practice_search_index, rb_themes_load


class Command(BaseCommand):
    help = "Load the RB tematik priorities and the search glossary; --demo adds example practices (flagged contoh) from public reporting."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", action="store_true", help="also create the example practices (Sumedang, Indramayu)"
        )

    def handle(self, *args, **options):
        created, updated = rb_themes_load()
        if created or updated:
            self.stdout.write(f"RB tematik priorities: {created} added, {updated} updated")
        else:
            self.stdout.write("RB tematik priorities already up to date: nothing changed.")
        added = glossary_load()
        self.stdout.write(
            f"search glossary: {added} terms added" if added else "search glossary: nothing new."
        )
        if options["demo"]:
            self._demo()
        practice_search_index()  # practices saved before the search existed, or by a bulk load

    def _demo(self):
        try:
            added = demo_practices_load()
        except DemoError as error:
            raise CommandError(f"Example practices not loaded: {error}") from None
        if added:
            self.stdout.write(f"example practices (flagged contoh): {added} created and published")
        else:
            self.stdout.write("example practices already there: nothing changed.")
