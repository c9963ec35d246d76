# Django loads each app's admin.py: the knowledge app's admin lives with each concept's package.
from .practices import admin  # noqa: F401
