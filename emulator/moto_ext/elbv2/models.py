"""See the package's docstring."""

import re
from typing import Any

from moto.acm.exceptions import CertificateNotFound
from moto.acm.models import acm_backends
from moto.elbv2.exceptions import ELBClientError as RESTError
from moto.elbv2.models import ELBv2Backend


def _refuse_unusable(backend: ELBv2Backend, certificate: str | None) -> None:
    if not certificate or not re.match(r"arn:aws[\w-]*:acm:", certificate):
        return
    try:
        status = acm_backends[backend.account_id][backend.region_name].get_certificate(certificate).status
    except CertificateNotFound:
        status = None
    if status != "ISSUED":
        raise RESTError("CertificateNotFound", f"Certificate '{certificate}' not found")


def create_listener(self: ELBv2Backend, *args: Any, **kwargs: Any) -> Any:
    certificate = kwargs.get("certificate", args[4] if len(args) > 4 else None)
    _refuse_unusable(self, certificate)
    return _create_listener(self, *args, **kwargs)


_create_listener = ELBv2Backend.create_listener


def install() -> None:
    ELBv2Backend.create_listener = create_listener
