from django.core.management.base import BaseCommand, CommandError

from livinglab.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Bring a backup archive back into an EMPTY database and file storage, after checking every "
        "member against the manifest. --force replaces what the database and storage hold."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--force", action="store_true", help="replace a non-empty database and storage")

    def handle(self, *args, **options):
        try:
            manifest = backup_restore(options["archive"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = sum(1 for name in manifest["members"] if name.startswith("media/"))
        self.stdout.write(
            f"restored the backup of {manifest['created_at']} (app {manifest['app_version']}): "
            f"the database and {files} file(s)"
        )
        self.stdout.write("next: manage.py migrate (nothing to do when the code is as old as the backup)")
