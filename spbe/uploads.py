"""Checks on uploaded evidence documents: by content and size, never by name alone."""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
SIGNATURES = {
    b"%PDF-": "pdf",
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
}


def sniff(upload):
    """The document kind read from the first bytes (and, for Office files, the zip's table of contents)."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                if "[Content_Types].xml" in archive.namelist():
                    return "office"
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
    return None


def validate_evidence_file(upload):
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; at most %(max)s MB is allowed.")
            % {"size": round(upload.size / 1024 / 1024, 1), "max": MAX_EVIDENCE_BYTES // 1024 // 1024}
        )
    if sniff(upload) is None:
        raise ValidationError(
            _("This file is not a PDF, PNG, JPEG or Office document (checked by its content, not its name).")
        )
