"""Cloud Map private DNS namespaces in the extended emulator: each with a hosted zone of its own name on its own VPC."""

import time
import uuid


def namespace_on_new_vpc(aws, name):
    vpc = aws("ec2").create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    cloud_map = aws("servicediscovery")
    operation = cloud_map.create_private_dns_namespace(Name=name, Vpc=vpc, CreatorRequestId=uuid.uuid4().hex)
    namespace_id = cloud_map.get_operation(OperationId=operation["OperationId"])["Operation"]["Targets"]["NAMESPACE"]
    zone_id = cloud_map.get_namespace(Id=namespace_id)["Namespace"]["Properties"]["DnsProperties"]["HostedZoneId"]
    return vpc, namespace_id, zone_id


def test_the_same_name_on_two_vpcs_gives_two_zones_each_on_its_vpc(aws):
    name = "ns-" + uuid.uuid4().hex[:8]
    vpc_a, namespace_a, zone_a = namespace_on_new_vpc(aws, name)
    vpc_b, namespace_b, zone_b = namespace_on_new_vpc(aws, name)

    route53 = aws("route53")
    a = route53.get_hosted_zone(Id=zone_a)
    b = route53.get_hosted_zone(Id=zone_b)

    assert namespace_a != namespace_b and zone_a != zone_b
    assert a["HostedZone"]["Name"] == name + "." and b["HostedZone"]["Name"] == name + "."
    assert a["HostedZone"]["Config"]["PrivateZone"] is True
    assert [v["VPCId"] for v in a["VPCs"]] == [vpc_a]
    assert [v["VPCId"] for v in b["VPCs"]] == [vpc_b]
    assert a["VPCs"][0]["VPCRegion"] == "ap-northeast-2"


def test_deleting_a_namespace_deletes_its_zone_and_no_other(aws):
    name = "ns-" + uuid.uuid4().hex[:8]
    _, namespace_a, zone_a = namespace_on_new_vpc(aws, name)
    _, _, zone_b = namespace_on_new_vpc(aws, name)

    aws("servicediscovery").delete_namespace(Id=namespace_a)
    zones = [z["Id"].split("/")[-1] for z in aws("route53").list_hosted_zones()["HostedZones"]]

    assert zone_a.split("/")[-1] not in zones
    assert zone_b.split("/")[-1] in zones
    assert not any(z["Name"].endswith("-hz.") for z in aws("route53").list_hosted_zones()["HostedZones"])
