"""Documents attached to a practice: checked by the one upload checker of the portal (spbe.uploads),
stored under a safe name through Django's storage, and served only as downloads."""

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from spbe.uploads import MAX_EVIDENCE_BYTES, safe_stem, sniff, validate_evidence_file

MAX_DOCUMENT_BYTES = MAX_EVIDENCE_BYTES
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
}


def validate_document(upload):
    """The same checks as SPBE evidence: PDF, PNG, JPEG, docx/xlsx/pptx or odt by content, at most 10 MB."""
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    validate_evidence_file(upload)


def prepare(upload):
    """Give a checked upload the name it is stored under, with the extension of what it really is.
    Returns its file type."""
    file_type = sniff(upload)
    upload.name = f"{safe_stem(upload.name, 'dokumen')}.{file_type}"
    return file_type


def download_response(document):
    """The document as an attachment under its safe name; browsers must not guess another type."""
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("No such document.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.download_name,
        content_type=CONTENT_TYPES.get(document.file_type, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response
