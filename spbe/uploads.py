"""Checks on uploaded evidence documents: by content and size, never by name alone."""

import os
import zipfile
import zlib

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_STEM_LENGTH = 60  # "spbe/evidence/YYYY/" + stem + a collision suffix + ".xlsx" fits the 100 of the column
SIGNATURES = {
    b"%PDF-": "pdf",
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpg",
}
ZIP_SIGNATURE = b"PK\x03\x04"
# The main part of an Office Open XML package tells a document from a workbook or a presentation.
OFFICE_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx", "ppt/presentation.xml": "pptx"}
# An OpenDocument text starts with an entry "mimetype" holding its media type, and has its main part.
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _office_kind(upload):
    """docx, xlsx or pptx for an Office Open XML package with its main part, odt for an OpenDocument
    text with its main part; None for any other zip."""
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            first = entries[0] if entries else None
            if (
                first is not None
                and first.filename == "mimetype"
                and first.file_size == len(ODT_MIMETYPE)
                and archive.read(first) == ODT_MIMETYPE
                and "content.xml" in names
            ):
                return "odt"
    # Reading "mimetype" can also meet an encrypted, unknown-method or corrupt entry.
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError, zlib.error):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    for part, kind in OFFICE_PARTS.items():
        if part in names:
            return kind
    return None


def sniff(upload):
    """The document kind read from its first bytes (and, for Office files, the zip's table of
    contents), which is also the extension it is stored with; None for anything else."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    if head.startswith(ZIP_SIGNATURE):
        return _office_kind(upload)
    return None


def validate_evidence_file(upload):
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; at most %(max)s MB is allowed.")
            % {"size": round(upload.size / 1024 / 1024, 1), "max": MAX_EVIDENCE_BYTES // 1024 // 1024},
            code="too_large",
        )
    if sniff(upload) is None:
        raise ValidationError(
            _("This file is not a PDF, PNG, JPEG or Office document (checked by its content, not its name)."),
            code="wrong_kind",
        )


def safe_stem(name, default):
    """The stem of an uploaded file's name reduced to at most MAX_STEM_LENGTH ASCII letters, digits
    and dashes (`default` when nothing is left): what it is stored under, whatever it was called."""
    stem = os.path.splitext(os.path.basename(name or ""))[0]
    return slugify(stem)[:MAX_STEM_LENGTH].strip("-") or default


def evidence_file_name(upload):
    """A safe name to store a checked upload under, with the extension of what the content really is."""
    return f"{safe_stem(upload.name, 'evidence')}.{sniff(upload)}"
