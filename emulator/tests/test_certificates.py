"""ACM's DNS validation and certificates in use, in the extended emulator."""

import uuid

import pytest
from botocore.exceptions import ClientError


def public_zone(aws, domain):
    zone = aws("route53").create_hosted_zone(Name=domain, CallerReference=uuid.uuid4().hex)
    return zone["HostedZone"]["Id"]


def requested(aws, name):
    acm = aws("acm")
    arn = acm.request_certificate(DomainName=name, ValidationMethod="DNS")["CertificateArn"]
    return arn, acm.describe_certificate(CertificateArn=arn)["Certificate"]


def write(aws, zone_id, record, action="UPSERT"):
    aws("route53").change_resource_record_sets(
        HostedZoneId=zone_id,
        ChangeBatch={
            "Changes": [
                {
                    "Action": action,
                    "ResourceRecordSet": {
                        "Name": record["Name"],
                        "Type": record["Type"],
                        "TTL": 300,
                        "ResourceRecords": [{"Value": record["Value"]}],
                    },
                }
            ]
        },
    )


def status(aws, arn):
    return aws("acm").describe_certificate(CertificateArn=arn)["Certificate"]["Status"]


def test_a_certificate_is_issued_once_its_validation_record_is_in_a_public_zone(aws):
    domain = f"d{uuid.uuid4().hex[:8]}.example"
    zone_id = public_zone(aws, domain)
    arn, certificate = requested(aws, f"api.{domain}")
    record = certificate["DomainValidationOptions"][0]["ResourceRecord"]

    assert certificate["Status"] == "PENDING_VALIDATION"
    assert status(aws, arn) == "PENDING_VALIDATION"

    write(aws, zone_id, {**record, "Value": "someone-else.example."})
    assert status(aws, arn) == "PENDING_VALIDATION", "a record with another value validates nothing"

    write(aws, zone_id, record)
    assert status(aws, arn) == "ISSUED"


def test_a_record_in_a_private_zone_does_not_validate(aws):
    domain = f"p{uuid.uuid4().hex[:8]}.example"
    vpc = aws("ec2").create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    zone = aws("route53").create_hosted_zone(
        Name=domain,
        CallerReference=uuid.uuid4().hex,
        HostedZoneConfig={"PrivateZone": True},
        VPC={"VPCRegion": "ap-northeast-2", "VPCId": vpc},
    )
    arn, certificate = requested(aws, f"api.{domain}")

    write(aws, zone["HostedZone"]["Id"], certificate["DomainValidationOptions"][0]["ResourceRecord"])

    assert status(aws, arn) == "PENDING_VALIDATION"


@pytest.fixture
def load_balancer(aws):
    ec2 = aws("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"ap-northeast-2{az}")["Subnet"][
            "SubnetId"
        ]
        for i, az in enumerate("ac")
    ]
    elb = aws("elbv2")
    arn = elb.create_load_balancer(Name=f"lb-{uuid.uuid4().hex[:8]}", Subnets=subnets)["LoadBalancers"][0][
        "LoadBalancerArn"
    ]
    return arn


def https_listener(aws, load_balancer, certificate):
    return aws("elbv2").create_listener(
        LoadBalancerArn=load_balancer,
        Protocol="HTTPS",
        Port=443,
        SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06",
        Certificates=[{"CertificateArn": certificate}],
        DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}],
    )["Listeners"][0]["ListenerArn"]


def test_a_listener_takes_only_an_issued_certificate_which_then_cannot_be_deleted(aws, load_balancer):
    domain = f"l{uuid.uuid4().hex[:8]}.example"
    zone_id = public_zone(aws, domain)
    arn, certificate = requested(aws, f"api.{domain}")

    with pytest.raises(ClientError) as pending:
        https_listener(aws, load_balancer, arn)
    assert pending.value.response["Error"]["Code"] == "CertificateNotFound"

    write(aws, zone_id, certificate["DomainValidationOptions"][0]["ResourceRecord"])
    listener = https_listener(aws, load_balancer, arn)
    assert aws("acm").describe_certificate(CertificateArn=arn)["Certificate"]["InUseBy"] == [load_balancer]

    with pytest.raises(ClientError) as in_use:
        aws("acm").delete_certificate(CertificateArn=arn)
    assert in_use.value.response["Error"]["Code"] == "ResourceInUseException"

    aws("elbv2").delete_listener(ListenerArn=listener)
    aws("acm").delete_certificate(CertificateArn=arn)
    with pytest.raises(ClientError) as gone:
        status(aws, arn)
    assert gone.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_a_listener_refuses_a_certificate_that_does_not_exist(aws, load_balancer):
    with pytest.raises(ClientError) as missing:
        https_listener(aws, load_balancer, "arn:aws:acm:ap-northeast-2:123456789012:certificate/" + str(uuid.uuid4()))
    assert missing.value.response["Error"]["Code"] == "CertificateNotFound"
