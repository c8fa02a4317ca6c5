"""The encrypted file keyring: the journal key, its head and the witness key, kept in one file
behind a passphrase, for real work on a machine without an OS keyring (a bastion over SSH, a
minimal container). Chosen explicitly (keyring_choice.py), never silently.

The file is JSON with only what decryption needs in the clear:

  {"format": "rootkeeper-keyring/1", "kdf": {"name": "scrypt", "n": 131072, "r": 8, "p": 1,
   "salt": b64}, "cipher": "AES-256-GCM", "check": b64, "nonce": b64, "ciphertext": b64}

scrypt derives 64 bytes from the passphrase: the first 32 are the AES-256-GCM key, the last
32 key an HMAC whose value over a fixed label is ``check``, so that a wrong passphrase is told
apart from a damaged file. The ciphertext holds every entry (service, name and value), and the
header above it is the GCM associated data: the whole file is authenticated, no entry can be
removed, swapped or rolled back alone. Every write uses a fresh nonce and replaces the file
atomically under a lock.

The passphrase is asked when the file is first needed (passphrase.py), used to derive the key,
and dropped; the derived key stays in this process's memory while it runs, as an unlocked
keyring would. Nothing here writes the passphrase, the derived key or an entry in the clear.
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import stat
import threading
from dataclasses import dataclass
from pathlib import Path

from rootkeeper.journal import store as disk
from rootkeeper.journal.errors import KeyringUnavailableError

FORMAT = "rootkeeper-keyring/1"
CIPHER = "AES-256-GCM"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1  # 128 MiB, about 0.3 s here: OWASP's scrypt minimum
_N_RANGE = (2**14, 2**20)  # a header asking more would be a denial of service, less a weak file
_CHECK_LABEL = b"rootkeeper-keyring/1 passphrase check"
DESCRIPTION = "rootkeeper's own: scrypt + AES-256-GCM"


class KeyringFileError(KeyringUnavailableError):
    """The encrypted keyring file cannot be used as it is: nothing was read or changed."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise TypeError("not base64 text")
    return base64.b64decode(text, validate=True)


@dataclass(frozen=True)
class _Header:
    salt: bytes
    n: int
    r: int
    p: int
    check: bytes

    def fields(self, nonce: bytes) -> dict:
        return {"format": FORMAT, "cipher": CIPHER, "check": _b64(self.check), "nonce": _b64(nonce),
                "kdf": {"name": "scrypt", "n": self.n, "r": self.r, "p": self.p, "salt": _b64(self.salt)}}


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    material = Scrypt(salt=salt, length=64, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return material[:32], material[32:]


def _check_value(check_key: bytes) -> bytes:
    return hmac.new(check_key, _CHECK_LABEL, "sha256").digest()


def _aad(fields: dict) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("utf-8")


class EncryptedKeyringFile:
    """One encrypted keyring file. Locked until ``unlock``; then get/put/delete read and
    rewrite the whole file, so that several processes sharing it see each other's writes."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path).expanduser().absolute()
        self._key: bytes | None = None
        self._header: _Header | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"EncryptedKeyringFile({str(self.path)!r}, unlocked={self.unlocked})"  # never the key

    @property
    def unlocked(self) -> bool:
        return self._key is not None

    def exists(self) -> bool:
        return self.path.exists()

    def check_permissions(self) -> None:
        """Refuse a file others could read or write, or that is not ours: before any passphrase."""
        try:
            info = self.path.stat()
        except FileNotFoundError:
            return
        if not stat.S_ISREG(info.st_mode):
            raise KeyringFileError(f"The keyring file {self.path} is not a regular file.",
                                   hint="Move it aside, or restore the keyring file from your backup.")
        if info.st_uid != os.geteuid():
            raise KeyringFileError(f"The keyring file {self.path} belongs to another user (uid {info.st_uid}).",
                                   hint="Run rootkeeper as the user who created it.")
        if info.st_mode & 0o077:
            mode = oct(stat.S_IMODE(info.st_mode))[2:]
            raise KeyringFileError(f"The keyring file {self.path} can be read or written by others (mode {mode}); "
                                   "rootkeeper will not use it.",
                                   hint=f"Check who may have copied it, then `chmod 600 {self.path}`.")

    def create(self, passphrase: str) -> None:
        """A new, empty keyring file (0600, in a 0700 directory). Refuses to replace one."""
        if not passphrase:
            raise KeyringFileError("An empty passphrase would not protect the keyring file.")
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with self._lock, disk.locked(self.path):
            if self.path.exists():
                raise KeyringFileError(f"The keyring file {self.path} appeared while it was being created.",
                                       hint="Run the command again: it will ask for that file's passphrase.")
            salt = os.urandom(16)
            key, check_key = _derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
            self._header, self._key = _Header(salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, _check_value(check_key)), key
            self._write({})

    def unlock(self, passphrase: str) -> None:
        """Derive the key and check it against the file. Raises KeyringFileError (nothing changed)
        for a wrong passphrase, a missing, unreadable or damaged file."""
        self.check_permissions()
        header, _, _ = self._read_document()
        key, check_key = _derive(passphrase, header.salt, header.n, header.r, header.p)
        if not hmac.compare_digest(_check_value(check_key), header.check):
            raise WrongPassphraseError(f"Wrong passphrase for the keyring file {self.path}.",
                                       hint="Type it again; nothing was read or written.")
        self._header, self._key = header, key
        try:
            self._decrypt(*self._read_document())  # a damaged body is said now, not at the first write
        except KeyringFileError:
            self.lock()
            raise

    def lock(self) -> None:
        self._key = self._header = None

    # ---- entries ---------------------------------------------------------------------------

    def entries(self) -> dict[str, dict[str, str]]:
        """{service: {name: value}}, decrypted now from the file as it is on disk."""
        return self._decrypt(*self._read_document())

    def get(self, service: str, name: str) -> str | None:
        return self.entries().get(service, {}).get(name)

    def put(self, service: str, name: str, value: str) -> None:
        self._update(lambda entries: entries.setdefault(service, {}).__setitem__(name, value))

    def delete(self, service: str, name: str) -> bool:
        removed = []
        self._update(lambda entries: removed.append(entries.get(service, {}).pop(name, None) is not None))
        return bool(removed and removed[0])

    def _update(self, change) -> None:
        with self._lock, disk.locked(self.path):  # read-modify-write, one process at a time
            self.check_permissions()
            entries = self._decrypt(*self._read_document())
            change(entries)
            self._write(entries)

    # ---- the file --------------------------------------------------------------------------

    def _read_document(self) -> tuple[_Header, bytes, bytes]:
        if self._key is None and self._header is None and not self.path.exists():
            raise KeyringFileError(f"The keyring file {self.path} does not exist.",
                                   hint="Restore it from your backup; rootkeeper never makes a new key for a "
                                        "journal whose key it cannot find.")
        try:
            document = json.loads(self.path.read_bytes())
            kdf = document["kdf"]
            if document.get("format") != FORMAT or document.get("cipher") != CIPHER or kdf.get("name") != "scrypt":
                raise ValueError("not a rootkeeper keyring file (format, cipher or kdf)")
            n, r, p = (int(kdf[k]) for k in ("n", "r", "p"))
            if not (_N_RANGE[0] <= n <= _N_RANGE[1] and n & (n - 1) == 0 and r == 8 and 1 <= p <= 4):
                raise ValueError("key derivation parameters out of range")
            header = _Header(_unb64(kdf["salt"]), n, r, p, _unb64(document["check"]))
            return header, _unb64(document["nonce"]), _unb64(document["ciphertext"])
        except FileNotFoundError as error:
            raise KeyringFileError(f"The keyring file {self.path} has disappeared.",
                                   hint="Restore it from your backup.") from error
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise KeyringFileError(f"The keyring file {self.path} is damaged or not a rootkeeper keyring file "
                                   f"({type(error).__name__}).",
                                   hint="Restore it from your backup; nothing was changed.") from error

    def _decrypt(self, header: _Header, nonce: bytes, ciphertext: bytes) -> dict[str, dict[str, str]]:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if self._key is None or self._header is None:
            raise KeyringFileError(f"The keyring file {self.path} is locked.", hint="This is a rootkeeper bug.")
        if header != self._header:
            raise KeyringFileError(f"The keyring file {self.path} was replaced by another one while in use.",
                                   hint="Run the command again.")
        try:
            plain = AESGCM(self._key).decrypt(nonce, ciphertext, _aad(header.fields(nonce)))
            entries = json.loads(plain)["entries"]
        except (InvalidTag, ValueError, KeyError, TypeError) as error:
            raise KeyringFileError(f"The keyring file {self.path} is damaged: it does not authenticate under its "
                                   "passphrase (the passphrase itself is right).",
                                   hint="Restore it from your backup; nothing was changed.") from error
        return {str(s): {str(k): str(v) for k, v in names.items()} for s, names in entries.items()}

    def _write(self, entries: dict[str, dict[str, str]]) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        assert self._key is not None and self._header is not None
        nonce = os.urandom(12)
        fields = self._header.fields(nonce)
        plain = json.dumps({"entries": entries}, sort_keys=True).encode("utf-8")
        fields["ciphertext"] = _b64(AESGCM(self._key).encrypt(nonce, plain, _aad(self._header.fields(nonce))))
        disk.replace_whole(self.path, json.dumps(fields, sort_keys=True, indent=1).encode("utf-8") + b"\n")


class WrongPassphraseError(KeyringFileError):
    """The passphrase does not open this keyring file."""
