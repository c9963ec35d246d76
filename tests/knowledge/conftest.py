import pytest

# An assessor (group "Asesor") has no special rights over practices.
from ..spbe.conftest import assessor, framework_2020, frameworks, make_evaluation  # noqa: F401 (fixtures)
from .discussion_fixtures import plain_user, question, reply  # noqa: F401 (fixtures)
from .factories import PracticeFactory
from .replication_fixtures import banjar_editor, make_replication  # noqa: F401 (fixtures)
from .webhook_fixtures import receiver, resolve  # noqa: F401 (fixtures)


@pytest.fixture
def media(settings, tmp_path):
    """Uploads go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def published(sumedang):
    return PracticeFactory(
        regency=sumedang, slug="e-office", title="Super Aplikasi e-Office", summary="Surat-menyurat digital."
    )


@pytest.fixture
def draft(sumedang):
    return PracticeFactory(
        regency=sumedang, slug="e-sakip-baru", title="e-SAKIP Baru", status="draft", published_at=None
    )
