# Django loads each app's admin.py: the knowledge app's admin lives with each concept's package.
from .discussion import admin as discussion_admin  # noqa: F401
from .notifications import admin as notifications_admin  # noqa: F401
from .practices import admin  # noqa: F401
from .replications import admin as replications_admin  # noqa: F401
from .visits import admin as visits_admin  # noqa: F401
from .webhooks import admin as webhooks_admin  # noqa: F401
