"""Cloud Map's private DNS namespaces as AWS makes them: each with a private Route 53 hosted zone of the namespace's
own name, associated with the namespace's VPC, and deleted with it.

moto 5.2 names the zone ``<namespace>-hz``, associates it with no VPC and keeps it after the namespace is deleted, so a
client cannot tell which VPC a namespace serves (two namespaces of one name on two VPCs, as AWS allows, look alike)
and a teardown leaves zones behind.
"""

from typing import Any

from moto.route53.models import route53_backends
from moto.servicediscovery.models import ServiceDiscoveryBackend
from moto.utilities.utils import get_partition

_create_private_dns_namespace = ServiceDiscoveryBackend.create_private_dns_namespace
_delete_namespace = ServiceDiscoveryBackend.delete_namespace


def _route53(backend: ServiceDiscoveryBackend) -> Any:
    return route53_backends[backend.account_id][get_partition(backend.region_name)]


def _plain(zone_id: str) -> str:
    return zone_id.replace("/hostedzone/", "")


def create_private_dns_namespace(
    self: ServiceDiscoveryBackend,
    name: str,
    creator_request_id: str,
    description: str,
    vpc: str,
    tags: list[dict[str, str]],
    properties: dict[str, Any],
) -> str:
    operation_id = _create_private_dns_namespace(self, name, creator_request_id, description, vpc, tags, properties)
    namespace_id = self.operations[operation_id].targets["NAMESPACE"]
    namespace = self.namespaces[namespace_id]
    route53 = _route53(self)
    route53.zones.pop(_plain(namespace.dns_properties["HostedZoneId"]), None)  # moto's "<name>-hz", with no VPC
    zone = route53.create_hosted_zone(
        name if name.endswith(".") else name + ".",
        private_zone=True,
        vpcid=vpc,
        vpcregion=self.region_name,
        comment=f"Created by AWS Cloud Map namespace with ARN {namespace.arn}",
    )
    namespace.dns_properties["HostedZoneId"] = _plain(zone.id)  # as Cloud Map answers it: Z..., no /hostedzone/
    return operation_id


def delete_namespace(self: ServiceDiscoveryBackend, namespace_id: str) -> str:
    zone_id = self.get_namespace(namespace_id).dns_properties.get("HostedZoneId")
    operation_id = _delete_namespace(self, namespace_id)
    if zone_id:
        _route53(self).zones.pop(_plain(zone_id), None)
    return operation_id


def install() -> None:
    ServiceDiscoveryBackend.create_private_dns_namespace = create_private_dns_namespace
    ServiceDiscoveryBackend.delete_namespace = delete_namespace
