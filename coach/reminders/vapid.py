"""The server's VAPID key pair, which signs every Web Push message.

Generated once at set-up (`manage.py vapid_keys`, run by `make setup` and the container's
start) into `VAPID_PRIVATE_KEY_FILE`, or given whole in `VAPID_PRIVATE_KEY`; browsers bind
their subscriptions to its public key, so it must not change once users subscribed."""

import base64
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings


def generate(path: Path) -> bool:
    """Write a new private key to `path` unless one is there; True when one was written."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.write_bytes(pem)
    path.chmod(0o600)
    return True


@cache
def private_key_pem() -> str | None:
    if settings.VAPID_PRIVATE_KEY:
        return settings.VAPID_PRIVATE_KEY
    path = Path(settings.VAPID_PRIVATE_KEY_FILE)
    return path.read_text() if path.exists() else None


def public_key() -> str | None:
    """The public key as browsers take it (`applicationServerKey`): the uncompressed point,
    base64url without padding; None when no key is configured (push is then off)."""
    pem = private_key_pem()
    if pem is None:
        return None
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    point = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(point).rstrip(b"=").decode()
