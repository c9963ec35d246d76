"""The restore drill: demo data and uploaded files are backed up, restored into a fresh database and
storage, and every table and file compared; a damaged archive is refused before anything is touched."""

import hashlib
import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from livinglab.backup import MANIFEST, archive_verify
from spbe.imports import import_check
from spbe.models import Evaluation, Evidence
from spbe.published_data import Citation

from ..regencies.factories import NationalAdminFactory

POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
pytestmark = [
    pytest.mark.drill,
    pytest.mark.skipif(not POSTGRES, reason="backup and restore need PostgreSQL"),
    pytest.mark.django_db(transaction=True),  # pg_dump sees only committed data
]

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def _url(name):
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"


def _admin_sql(*statements):
    db = settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname="postgres",
        user=db["USER"],
        password=db.get("PASSWORD") or None,
        host=db["HOST"],
        port=db["PORT"],
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    conn.close()


def fingerprints(name):
    """{table: (rows, md5 of the rows in order)} and {sequence: last value} of a database."""
    db = settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname=name, user=db["USER"], password=db.get("PASSWORD") or None, host=db["HOST"], port=db["PORT"]
    )
    tables = {}
    with conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        for (table,) in cursor.fetchall():
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"  # noqa: S608
            )
            tables[table] = cursor.fetchone()
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
        sequences = dict(cursor.fetchall())
    conn.close()
    return tables, sequences


def file_checksums(root):
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(root).rglob("*"))
        if path.is_file()
    }


def restore(archive, database, media_root):
    """`manage.py restore` as an operator runs it on the new host: its own process and settings."""
    env = {**os.environ, "DATABASE_URL": _url(database), "MEDIA_ROOT": str(media_root), "DEBUG": "1"}
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def restore_database():
    name = f"{settings.DATABASES['default']['NAME']}_restore"[:63]
    _admin_sql(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    yield name
    _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def demo_data(settings, tmp_path):
    """The demo data of `make run`, three evidence documents and an import file."""
    settings.MEDIA_ROOT = tmp_path / "media"
    for command in ["load_regions", "load_pilot_cohort", "load_spbe_frameworks"]:
        call_command(command, stdout=io.StringIO())
    call_command("load_spbe_results", "--demo", stdout=io.StringIO())
    scores = [evaluation.scores.first() for evaluation in Evaluation.objects.filter(synthetic=True)[:3]]
    admin = NationalAdminFactory(username="admin-drill")
    for score, (name, content) in zip(
        scores, [("surat keputusan.pdf", PDF), ("tangkapan layar.png", PNG), ("SK Bupati (2).pdf", PDF * 3)],
        strict=True,
    ):  # fmt: skip
        evidence = Evidence(score=score, title=name, added_by=admin)
        evidence.file.save(name, ContentFile(content))
    import_check(
        upload=SimpleUploadedFile("hasil.csv", b"regency_code,year,framework,index,predicate,source_url\n"),
        by_user=admin,
        citation=Citation("KemenPANRB", "", "official"),
    )
    return settings.MEDIA_ROOT


def test_a_backup_restores_into_a_fresh_database_and_storage_with_every_row_and_file(
    demo_data, restore_database, tmp_path
):
    call_command("backup", "--output", str(tmp_path / "backups"), stdout=io.StringIO())
    [archive] = (tmp_path / "backups").glob("livinglab-*.tar.gz")
    restored_media = tmp_path / "restored-media"

    result = restore(archive, restore_database, restored_media)

    assert result.returncode == 0, result.stderr
    original_tables, original_sequences = fingerprints(connection.settings_dict["NAME"])
    restored_tables, restored_sequences = fingerprints(restore_database)
    original_files, restored_files = file_checksums(demo_data), file_checksums(restored_media)
    assert restored_tables == original_tables
    assert restored_sequences == original_sequences
    assert restored_files == original_files
    manifest = archive_verify(archive)
    assert set(manifest["members"]) == {"database.dump", *(f"media/{name}" for name in original_files)}
    assert "spbe.0001_initial" in manifest["migrations"]
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    # Figures of the drill, shown by `pytest -s` (CI runs the drills so).
    print(
        f"\nrestore drill: {len(original_tables)} tables, {sum(r for r, _ in original_tables.values())} rows, "
        f"{len(original_sequences)} sequences and {len(original_files)} files equal after restore; "
        f"archive {archive.name} {archive.stat().st_size} bytes"
    )
    for table, (rows, md5) in sorted(original_tables.items()):
        if rows:
            print(f"  {table}: {rows} rows md5 {md5}")
    for name, digest in original_files.items():
        print(f"  media/{name}: sha256 {digest}")
    assert original_tables["spbe_evaluation"][0] > 30 and len(original_files) == 4


def _damaged_copy(archive, target, member):
    """The archive with one byte of one member changed, its manifest left as it was."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for info in source.getmembers():
            data = bytearray(source.extractfile(info).read())
            if info.name == member:
                data[len(data) // 2] ^= 0xFF
            copy.addfile(info, io.BytesIO(bytes(data)))
    return target


@pytest.mark.parametrize("member", ["database.dump", "media/spbe/evidence/", MANIFEST])
def test_a_damaged_archive_is_refused_before_anything_is_restored(
    demo_data, restore_database, tmp_path, member
):
    call_command("backup", "--output", str(tmp_path / "backups"), stdout=io.StringIO())
    [archive] = (tmp_path / "backups").glob("livinglab-*.tar.gz")
    if member.endswith("/"):
        member = next(name for name in archive_verify(archive)["members"] if name.startswith(member))
    damaged = _damaged_copy(archive, tmp_path / "damaged.tar.gz", member)

    result = restore(damaged, restore_database, tmp_path / "restored-media")

    assert result.returncode != 0
    assert "damaged" in result.stderr or "cannot be read" in result.stderr
    assert fingerprints(restore_database) == ({}, {})
    assert not (tmp_path / "restored-media").exists()


def test_restore_refuses_a_database_that_is_not_empty(demo_data, tmp_path):
    call_command("backup", "--output", str(tmp_path / "backups"), stdout=io.StringIO())
    [archive] = (tmp_path / "backups").glob("livinglab-*.tar.gz")
    before = fingerprints(connection.settings_dict["NAME"])

    with pytest.raises(CommandError, match="is not empty .* pass --force"):
        call_command("restore", str(archive))

    assert fingerprints(connection.settings_dict["NAME"]) == before


def test_backup_refuses_sqlite_clearly(monkeypatch, tmp_path):
    monkeypatch.setitem(settings.DATABASES["default"], "ENGINE", "django.db.backends.sqlite3")

    with pytest.raises(CommandError, match="need PostgreSQL .* copy db.sqlite3"):
        call_command("backup", "--output", str(tmp_path))
