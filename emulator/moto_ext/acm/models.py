"""See the package's docstring."""

from typing import Any

from moto.acm.models import AWSCertificateManagerBackend, CertBundle
from moto.core.exceptions import AWSError
from moto.core.utils import utcnow
from moto.elbv2.models import elbv2_backends
from moto.route53.models import route53_backends
from moto.utilities.utils import get_partition


class ResourceInUseException(AWSError):
    TYPE = "ResourceInUseException"

    def __init__(self, arn: str):
        super().__init__(message=f"Certificate {arn} in use.")


def _validation_records(cert: CertBundle) -> list[dict[str, str]]:
    options = cert.describe()["Certificate"].get("DomainValidationOptions", [])
    return [option["ResourceRecord"] for option in options]


def _value(resource_record: Any) -> str:
    return resource_record if isinstance(resource_record, str) else resource_record.get("Value", "")


def _in_public_zone(account_id: str, region: str, record: dict[str, str]) -> bool:
    """Whether a public hosted zone of the account answers the record (name, type and value alike)."""
    name = record["Name"].rstrip(".").lower()
    value = record["Value"].rstrip(".").lower()
    route53 = route53_backends[account_id][get_partition(region)]
    for zone in route53.zones.values():
        if zone.private_zone:
            continue
        for rrset in zone.rrsets:
            if (
                rrset.name.rstrip(".").lower() == name
                and rrset.type == record["Type"]
                and any(_value(r).rstrip(".").lower() == value for r in rrset.records or [])
            ):
                return True
    return False


def _account_and_region(cert: CertBundle) -> tuple[str, str]:
    # arn:aws:acm:<region>:<account>:certificate/<id>
    parts = cert.arn.split(":")
    return parts[4], parts[3]


def check(self: CertBundle) -> None:
    """Expiry as moto checks it; issuance once every validation record is published (not after moto's wait)."""
    if self._not_valid_after(self._cert) <= utcnow():
        self.status = "EXPIRED"
        return
    if self.type == "AMAZON_ISSUED" and self.status == "PENDING_VALIDATION":
        records = _validation_records(self)
        account_id, region = _account_and_region(self)
        if records and all(_in_public_zone(account_id, region, r) for r in records):
            self.status = "ISSUED"


def _certificate_arn(certificate: Any) -> str:
    return certificate if isinstance(certificate, str) else certificate.get("CertificateArn", "")


def _load_balancers_using(account_id: str, region: str, arn: str) -> list[str]:
    """The load balancers one of whose listeners uses the certificate."""
    elbv2 = elbv2_backends[account_id][region]
    return sorted(
        {
            load_balancer.arn
            for load_balancer in elbv2.load_balancers.values()
            for listener in load_balancer.listeners.values()
            if any(_certificate_arn(c) == arn for c in (listener.certificates or []))
        }
    )


def delete_certificate(self: AWSCertificateManagerBackend, arn: str) -> None:
    if arn in self._certificates and _load_balancers_using(self.account_id, self.region_name, arn):
        raise ResourceInUseException(arn)
    _delete_certificate(self, arn)


def describe(self: CertBundle) -> dict[str, Any]:
    """InUseBy as AWS reports it: the load balancers whose listeners use the certificate."""
    result = _describe(self)
    account_id, region = _account_and_region(self)
    result["Certificate"]["InUseBy"] = _load_balancers_using(account_id, region, self.arn)
    return result


_describe = CertBundle.describe
_delete_certificate = AWSCertificateManagerBackend.delete_certificate


def install() -> None:
    CertBundle.check = check
    CertBundle.describe = describe
    AWSCertificateManagerBackend.delete_certificate = delete_certificate
