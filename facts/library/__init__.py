"""A server's own packs: uploads drafted or validated, stored whole in one transaction, enabled per server,
within quotas. The shipped packs (and the operator's, from ``CHRONICLE_PACKS``) are enabled everywhere by
default and can be disabled per server; an upload is seen only in the server it was uploaded in."""

from facts.library.limits import Quotas
from facts.library.models import Export, Listing, PackEntry, Prepared
from facts.library.prepare import prepare
from facts.library.storage import PackLibrary, UploadBusy

__all__ = ["Export", "Listing", "PackEntry", "PackLibrary", "Prepared", "Quotas", "UploadBusy", "prepare"]
