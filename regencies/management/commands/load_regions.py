from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from regencies.importers import REGIONS_DIR, DataFileError
from regencies.services import regions_load


class Command(BaseCommand):
    help = "Load the 38 provinces and 514 kabupaten/kota (Kemendagri codes) from the shipped data files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", default=str(REGIONS_DIR), help="folder with provinces.csv and regencies.csv"
        )

    def handle(self, *args, **options):
        try:
            provinces, regencies = regions_load(directory=Path(options["dir"]))
        except DataFileError as error:
            raise CommandError(
                f"Nothing was loaded: {error.path} has {len(error.problems)} problem(s):\n  "
                + "\n  ".join(error.problems)
            ) from None
        for label, result in (("provinces", provinces), ("regencies", regencies)):
            self.stdout.write(
                f"{label}: {result.created} created, {result.updated} updated, {result.unchanged} unchanged"
            )
        if not (provinces.changed or regencies.changed):
            self.stdout.write(self.style.SUCCESS("Regions already up to date: nothing changed."))
