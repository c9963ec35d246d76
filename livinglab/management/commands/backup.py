from django.core.management.base import BaseCommand, CommandError

from livinglab.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write the PostgreSQL database and every uploaded file into one dated archive "
        "(livinglab-YYYYMMDD-HHMMSS.tar.gz) with a manifest of their checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default="backups", help="folder for the archive (default: backups)")

    def handle(self, *args, **options):
        try:
            path = backup_create(options["output"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"backup written: {path}")
