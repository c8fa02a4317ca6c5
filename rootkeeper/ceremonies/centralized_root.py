"""Handlers for ``enable-centralized-root-access``: each step enables one prerequisite or
feature (or finds it on already, and changes nothing) and reads it back before its ✔."""

from __future__ import annotations

from typing import Any

from rootkeeper.aws import org_root_access as gateway
from rootkeeper.ceremonies.behaviour import SessionBehaviour, handles
from rootkeeper.core.evidence import Evidence
from rootkeeper.core.runbooks import centralized_root as rb
from rootkeeper.core.step_contract import StepContext, StepOutcome


class EnableCentralizedRootAccess(SessionBehaviour):
    """The behaviour of ``enable-centralized-root-access``."""

    runbook = rb.ENABLE_CENTRALIZED_ROOT_ACCESS

    @handles(rb.ENABLE_TRUSTED_ACCESS)
    def trusted_access(self, ctx: StepContext) -> StepOutcome:
        del ctx
        if gateway.iam_trusted_access(self.session):
            return _already("Trusted access for IAM", {"trusted_access": gateway.IAM_SERVICE_PRINCIPAL})
        gateway.enable_iam_trusted_access(self.session)
        if not gateway.iam_trusted_access(self.session):
            return StepOutcome.failure("AWS accepted EnableAWSServiceAccess, but iam.amazonaws.com is not listed "
                                       "with trusted access yet: check again in a minute.",
                                       evidence={"trusted_access": None})
        return StepOutcome.success("Enabled trusted access for IAM: Organizations lists iam.amazonaws.com.",
                                   evidence={"enabled": "trusted-access", "trusted_access": gateway.IAM_SERVICE_PRINCIPAL})

    @handles(rb.ENABLE_CREDENTIALS_MANAGEMENT)
    def credentials_management(self, ctx: StepContext) -> StepOutcome:
        del ctx
        return self._feature(gateway.ROOT_CREDENTIALS_MANAGEMENT)

    @handles(rb.ENABLE_ROOT_SESSIONS)
    def root_sessions(self, ctx: StepContext) -> StepOutcome:
        del ctx
        return self._feature(gateway.ROOT_SESSIONS)

    def _feature(self, feature: str) -> StepOutcome:
        before = gateway.enabled_features(self.session)
        if feature in before:
            return _already(feature, {"enabled_features": sorted(before)})
        gateway.enable_feature(self.session, feature)
        after = gateway.enabled_features(self.session)
        evidence = {"enabled": feature, "enabled_features": sorted(after)}
        if feature not in after:
            return StepOutcome.failure(f"AWS accepted the call, but ListOrganizationsFeatures does not list {feature} "
                                       "yet: check again in a minute.", evidence=evidence)
        return StepOutcome.success(f"Enabled {feature}: ListOrganizationsFeatures lists it.", evidence=evidence)


def _already(what: str, evidence: dict[str, Any]) -> StepOutcome:
    return StepOutcome.success(f"{what} was already on (read back): nothing was changed.",
                               evidence={**evidence, "changed": False}, evidence_kind=Evidence.VERIFIED)
