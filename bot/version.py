"""The installed version of Chronicle."""

from importlib import metadata

try:
    VERSION = metadata.version("chronicle")
except metadata.PackageNotFoundError:  # running from a checkout without installing
    VERSION = "dev"
