"""SHA-256 and keyed BLAKE2b, the same digests hashlib gives, without loading OpenSSL.

`import hashlib` loads OpenSSL's library (about 3.5 ms on this machine), a few percent of a `standards check`'s
start-up (issue 8), for digests CPython also has built in. Where the built-in modules are missing (another Python),
hashlib's are used.
"""
from __future__ import annotations

try:
    from _sha256 import sha256  # CPython 3.11
except ImportError:  # pragma: no cover - other Pythons
    try:
        from _sha2 import sha256  # CPython 3.12 and later
    except ImportError:
        from hashlib import sha256
try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover
    from hashlib import blake2b

__all__ = ["sha256", "blake2b"]
