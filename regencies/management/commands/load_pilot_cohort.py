from django.core.management.base import BaseCommand, CommandError

from regencies.importers import DataFileError
from regencies.services import pilot_cohort_load


class Command(BaseCommand):
    help = "Create the IDSLL 2022 Pilot cohort with its 30 publicly named members."

    def handle(self, *args, **options):
        try:
            cohort, added = pilot_cohort_load()
        except DataFileError as error:
            raise CommandError(f"Nothing was loaded: {error}") from None
        if added:
            self.stdout.write(f"{cohort.name}: {added} members added ({cohort.members.count()} in all).")
        else:
            self.stdout.write(self.style.SUCCESS(f"{cohort.name} already up to date: nothing changed."))
