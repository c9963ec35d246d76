# The knowledge app's models live in one package per concept; Django finds them through this module.
from .practices.models import (  # noqa: F401
    Practice,
    PracticeDocument,
    PracticeIndicator,
    PracticeRevision,
    RbTheme,
    Tag,
)
