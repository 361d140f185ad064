"""Uploaded files kept between an import's preview and its confirmation.

The file stays on the server (in the cache, under a random token and the uploader's id, for
an hour), so the confirmation sends only the token: the file is read and checked again
then, never taken back from the client. Another user's token finds nothing."""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from coach.portability.errors import ImportRefused

STAGE_SECONDS = 3600
ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class StagedUpload:
    token: str
    name: str
    kind: str  # "json" or "csv"
    content: bytes


def _key(user_id: int, token: str) -> str:
    return f"portability:upload:{user_id}:{token}"


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


def upload_read(file) -> bytes:
    """The uploaded file's bytes; ImportRefused when it is empty or over the import limit."""
    limit = settings.IMPORT_MAX_BYTES
    if file.size > limit:
        raise ImportRefused(
            [
                _("The file is %(size)s MB; an import takes files up to %(limit)s MB.")
                % {"size": megabytes(file.size), "limit": megabytes(limit)}
            ]
        )
    content = file.read(limit + 1)
    if not content:
        raise ImportRefused([_("The file is empty.")])
    return content


def kind_of(name: str, content: bytes) -> str:
    """ "json" for a FocusWeb export, "csv" for a table of sessions; ImportRefused for a zip."""
    if content.startswith(ZIP_MAGIC):
        raise ImportRefused(
            [
                _(
                    "This is a zip file. To move your data, import the JSON export; "
                    "to import sessions, upload one CSV file."
                )
            ]
        )
    if name.lower().endswith(".json") or content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "json"
    return "csv"


def upload_stage(*, user, name: str, content: bytes) -> StagedUpload:
    """Keep the file for this user under a new token."""
    staged = StagedUpload(
        token=secrets.token_urlsafe(24), name=name[:200], kind=kind_of(name, content), content=content
    )
    cache.set(_key(user.id, staged.token), staged, STAGE_SECONDS)
    return staged


def upload_get(*, user, token: str) -> StagedUpload | None:
    """The user's staged file with this token; None when it expired, was used, or is not theirs."""
    if not isinstance(token, str) or not token or len(token) > 64:
        return None
    return cache.get(_key(user.id, token))


def upload_drop(*, user, token: str) -> None:
    cache.delete(_key(user.id, token))
