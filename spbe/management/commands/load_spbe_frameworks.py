from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from spbe.framework_files import FRAMEWORKS_DIR, FrameworkFileError
from spbe.services import frameworks_load


class Command(BaseCommand):
    help = "Load the SPBE evaluation frameworks (manifests and CSV files in spbe/frameworks/)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            default=str(FRAMEWORKS_DIR),
            help="folder with the framework manifests and a data/ folder",
        )

    def handle(self, *args, **options):
        directory = Path(options["dir"])
        try:
            results = frameworks_load(directory=directory, data_dir=directory / "data")
        except FrameworkFileError as error:
            raise CommandError(
                f"Nothing was loaded: {error.path} breaks the framework rules:\n  "
                + "\n  ".join(error.problems)
            ) from None
        for code, outcome in results.items():
            self.stdout.write(f"{code}: {outcome}")
        if all(outcome == "unchanged" for outcome in results.values()):
            self.stdout.write(self.style.SUCCESS("Frameworks already up to date: nothing changed."))
