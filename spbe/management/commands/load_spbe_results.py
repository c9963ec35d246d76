from django.core.management.base import BaseCommand

from spbe.services import published_results_load, synthetic_self_assessments_generate


class Command(BaseCommand):
    help = "Load published SPBE figures (national index, kabupaten/kota results); --demo adds synthetic data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="also generate flagged synthetic self-assessments for the pilot cohort",
        )

    def handle(self, *args, **options):
        national, pemda, missing = published_results_load()
        self.stdout.write(f"national index: {national} year(s) added; kabupaten/kota results: {pemda} added")
        if missing:
            self.stdout.write(
                f"not loaded (no such kabupaten/kota or no framework for the year): {', '.join(missing)}"
            )
        if options["demo"]:
            created = synthetic_self_assessments_generate()
            self.stdout.write(f"synthetic self-assessments (demo data, flagged): {created} created")
