"""Applies every extension of moto, once, when the first rehearsal world starts. Each one is
installed with patching.install_world_handler, so plain moto is unchanged outside a world."""

from __future__ import annotations

import threading

_applied = False
_lock = threading.Lock()


def apply_all() -> None:
    global _applied
    with _lock:
        if _applied:
            return
        from rootkeeper.rehearsal import (account_contacts, credential_report, door, mfa_codes, org_root_features,
                                          root_iam, root_sts)

        door.apply()
        root_sts.apply()
        root_iam.apply()
        mfa_codes.apply()
        credential_report.apply()
        org_root_features.apply()
        account_contacts.apply()
        from rootkeeper.rehearsal import cloudtrail  # last: it wraps the session gate of root_sts

        cloudtrail.apply()
        _applied = True
