"""One dated archive holds everything the portal cannot rebuild: the PostgreSQL database and the
uploaded files, with a manifest of their checksums, so that a restore can prove it is whole first.

    livinglab-YYYYMMDD-HHMMSS.tar.gz
      MANIFEST.json    created_at, versions, applied migrations, sha256 and size of every member
      database.dump    pg_dump custom format: one consistent snapshot of the database
      media/...        every file of the default storage (evidence, import files)

The dump is taken before the files are listed, so every file the dump refers to is in the archive
(a file uploaded meanwhile is there too, harmlessly unreferenced).
"""

import datetime
import hashlib
import io
import json
import os
import posixpath
import subprocess
import tarfile
import tempfile
import tomllib
from pathlib import Path

import django
from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection

from . import page_cache

MANIFEST = "MANIFEST.json"
DUMP = "database.dump"
MEDIA = "media/"
FORMAT = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    pass


def _database():
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError(
            "Backup and restore need PostgreSQL (DATABASE_URL). The embedded SQLite database is one "
            "file: stop the portal and copy db.sqlite3 and the media folder instead."
        )
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    args = ["--host", str(db.get("HOST") or "localhost"), "--port", str(db.get("PORT") or 5432)]
    args += ["--username", str(db.get("USER") or "postgres")]
    return db["NAME"], args, env


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def _walk(storage, directory=""):
    """Every file name in a storage, through the storage API (a local folder or a bucket alike)."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:  # a local MEDIA_ROOT nobody has uploaded to yet: empty
        return
    for name in sorted(files):
        yield posixpath.join(directory, name)
    for sub in sorted(directories):
        yield from _walk(storage, posixpath.join(directory, sub))


def _app_version():
    with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


def _applied_migrations():
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


class _Hashing(io.RawIOBase):
    """Reads through a file while hashing it, so each member is read once."""

    def __init__(self, raw):
        self.raw, self.sha256, self.size = raw, hashlib.sha256(), 0

    def readable(self):
        return True

    def read(self, size=-1):
        data = self.raw.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _add(archive, name, fileobj, size, members):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(datetime.datetime.now().timestamp()), 0o640
    hashing = _Hashing(fileobj)
    archive.addfile(info, hashing)
    if hashing.size != size:
        raise BackupError(f"{name} changed size while it was archived; run the backup again.")
    members[name] = {"sha256": hashing.sha256.hexdigest(), "size": size}


def backup_create(output_dir):
    """Write the archive into output_dir and return its path."""
    name, args, env = _database()
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    created = datetime.datetime.now(datetime.UTC)
    final = output_dir / f"livinglab-{created:%Y%m%d-%H%M%S}.tar.gz"
    storage = storages["default"]
    members = {}
    with tempfile.TemporaryDirectory(dir=output_dir) as work:
        dump = Path(work) / DUMP
        _run(
            ["pg_dump", *args, "--format=custom", "--no-owner", "--no-privileges", "--file", dump, name], env
        )
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            with open(dump, "rb") as file:
                _add(archive, DUMP, file, dump.stat().st_size, members)
            for file_name in _walk(storage):
                with storage.open(file_name, "rb") as file:
                    _add(archive, MEDIA + file_name, file, storage.size(file_name), members)
            manifest = {
                "format": FORMAT,
                "created_at": created.isoformat(),
                "app_version": _app_version(),
                "django_version": django.get_version(),
                "database": name,
                "migrations": _applied_migrations(),
                "members": members,
            }
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(created.timestamp()), 0o640
            archive.addfile(info, io.BytesIO(data))
        os.chmod(partial, 0o600)  # it holds staff accounts and every pemda's documents
        os.replace(partial, final)  # never a half-written archive under the final name
    return final


# Restore ------------------------------------------------------------------------------------------


def _safe_member(name):
    if name in (MANIFEST, DUMP):
        return True
    path = posixpath.normpath(name)
    return name.startswith(MEDIA) and path == name and ".." not in path.split("/") and len(path) > len(MEDIA)


def archive_verify(path):
    """Check every member against the manifest; returns the manifest. Touches nothing."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            entries = {member.name: member for member in archive.getmembers()}
            if MANIFEST not in entries:
                raise BackupError(f"{path} has no {MANIFEST}: not a Living Lab backup.")
            manifest = json.load(archive.extractfile(entries[MANIFEST]))
            expected = manifest.get("members", {})
            unexpected = sorted(set(entries) - set(expected) - {MANIFEST})
            missing = sorted(set(expected) - set(entries))
            if unexpected or missing or DUMP not in expected:
                raise BackupError(
                    f"{path} does not match its manifest: missing {missing or 'nothing'}, "
                    f"not listed {unexpected or 'nothing'}."
                )
            for name, facts in expected.items():
                member = entries[name]
                if not (_safe_member(name) and member.isfile()):
                    raise BackupError(f"{path}: refusing member {name!r} (not a plain file under media/).")
                digest, size, source = hashlib.sha256(), 0, archive.extractfile(member)
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                if (digest.hexdigest(), size) != (facts["sha256"], facts["size"]):
                    raise BackupError(f"{path}: {name} does not match its checksum; the archive is damaged.")
    except (
        tarfile.TarError,
        EOFError,
        OSError,
        ValueError,
        KeyError,
        TypeError,
    ) as error:  # ValueError: bad JSON
        raise BackupError(f"{path} cannot be read as a Living Lab backup: {error}") from error
    return manifest


def _database_tables():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        return cursor.fetchone()[0]


def restore_preflight(path, *, force):
    """Everything that can refuse the restore, before anything is changed; returns the manifest."""
    _database()
    manifest = archive_verify(path)
    tables, files = _database_tables(), next(_walk(storages["default"]), None)
    if not force and tables:
        raise BackupError(
            f"The database {settings.DATABASES['default']['NAME']} is not empty ({tables} tables). "
            "Restore into an empty database, or pass --force to replace what it holds."
        )
    if not force and files:
        raise BackupError(
            f"The file storage is not empty (it holds {files}, among others). Restore into empty "
            "storage, or pass --force to replace the files of the same name."
        )
    return manifest


def backup_restore(path, *, force=False):
    """Bring an archive back into the database and file storage; returns the manifest."""
    manifest = restore_preflight(path, force=force)
    name, args, env = _database()
    storage = storages["default"]
    connection.close()  # pg_restore replaces tables this connection may have looked at
    with tempfile.TemporaryDirectory() as work, tarfile.open(path, "r:gz") as archive:
        dump = Path(work) / DUMP
        with archive.extractfile(DUMP) as source, open(dump, "wb") as target:
            while chunk := source.read(CHUNK):
                target.write(chunk)
        clean = ["--clean", "--if-exists"] if force else []
        _run(
            ["pg_restore", *args, *clean, "--no-owner", "--no-privileges", "--exit-on-error",
             "--single-transaction", "--dbname", name, dump],
            env,
        )  # fmt: skip
        for member_name in manifest["members"]:
            if not member_name.startswith(MEDIA):
                continue
            file_name = member_name[len(MEDIA) :]
            if storage.exists(file_name):
                storage.delete(file_name)
            saved = storage.save(file_name, File(archive.extractfile(member_name), name=file_name))
            if saved != file_name:
                raise BackupError(f"The storage saved {file_name} as {saved}; restore stopped.")
    page_cache.bump()  # pg_restore wrote past Django: no page from before it may be served
    return manifest
