"""The installation's VAPID key pair for Web Push (RFC 8292), as base64url text."""

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def generate_key_pair() -> tuple[str, str]:
    """(private key, public key): the private key as its 32 raw bytes, the public key as the
    uncompressed point the browser's `applicationServerKey` expects."""
    private = ec.generate_private_key(ec.SECP256R1())
    raw_private = private.private_numbers().private_value.to_bytes(32, "big")
    raw_public = private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return _b64(raw_private), _b64(raw_public)
