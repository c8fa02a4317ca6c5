"""`rootkeeper witness enroll|sign`: a custodian's own witness key, on their own machine.

`enroll` creates the key in the OS keyring (kept if there is one already, unless --replace)
and prints its public key and fingerprint for the roster; `sign CHALLENGE` signs the
challenge the operator's screen shows and prints the signature to paste back.
Exit codes: 0 done; 2 an error (no keyring, no key enrolled, a malformed challenge), one line.
"""

from __future__ import annotations

import sys
from argparse import Namespace
from typing import TextIO

EXIT_OK = 0


def run_witness(args: Namespace, *, out: TextIO | None = None) -> int:
    """Errors are RootkeeperErrors: cli.main prints them as one line and exits 2."""
    from rootkeeper.journal.witness_keys import enroll, sign, witness_store

    out = out or sys.stdout
    store = witness_store(rehearsal=bool(getattr(args, "rehearse", False)))
    if args.witness_command == "enroll":
        key, created = enroll(store, args.name, replace=bool(args.replace))
        if created:
            print(f"Enrolled a witness key for {key.name}, kept in {store.anchor_name}.", file=out)
        else:
            print(f"A witness key for {key.name} is already enrolled here; it is kept "
                  "(--replace makes a new one, and the roster must then enroll that).", file=out)
        print(f"public key: {key.public_key}", file=out)
        print(f"fingerprint: {key.fingerprint}", file=out)
        print("Give both to the operator, who records them on the roster; compare the fingerprint aloud.", file=out)
        return EXIT_OK
    signature, key = sign(store, args.challenge)
    print(f"signature: {signature}", file=out)
    print(f"fingerprint: {key.fingerprint}", file=out)
    return EXIT_OK
