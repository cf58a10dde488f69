"""A saved state restored: what was there comes back as it was, what came after goes, the saved copy stays as saved
however the restored one changes, and what one service holds of another is the restored one."""

import json
import urllib.error
import urllib.request

import pytest


def _post(endpoint, path):
    request = urllib.request.Request(endpoint + path, method="POST")
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def _vpcs(ec2):
    return sorted(v["VpcId"] for v in ec2.describe_vpcs(Filters=[{"Name": "cidr", "Values": ["10.9.0.0/16"]}])["Vpcs"])


def test_a_restored_state_is_the_saved_one_each_time(endpoint, aws):
    ec2 = aws("ec2")
    kept = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    assert _post(endpoint, "/moto-api/ext/states/save?name=one-vpc") == (200, {"saved": "one-vpc"})

    ec2.delete_vpc(VpcId=kept)
    later = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    assert _vpcs(ec2) == [later]

    assert _post(endpoint, "/moto-api/ext/states/restore?name=one-vpc") == (200, {"restored": "one-vpc"})
    assert _vpcs(ec2) == [kept]

    # a change to the restored state is not a change to the saved one
    ec2.create_vpc(CidrBlock="10.9.0.0/16")
    assert len(_vpcs(ec2)) == 2
    assert _post(endpoint, "/moto-api/ext/states/restore?name=one-vpc")[0] == 200
    assert _vpcs(ec2) == [kept]
    with urllib.request.urlopen(endpoint + "/moto-api/ext/states") as answer:
        assert "one-vpc" in json.load(answer)["names"]


def test_a_service_that_holds_another_holds_the_restored_one(endpoint, aws):
    ecs, scaling = aws("ecs"), aws("application-autoscaling")
    ecs.create_cluster(clusterName="saved")
    scaling.describe_scalable_targets(ServiceNamespace="ecs")  # Application Auto Scaling holds ECS's backend from here
    assert _post(endpoint, "/moto-api/ext/states/save?name=cluster")[0] == 200
    assert _post(endpoint, "/moto-api/ext/states/restore?name=cluster")[0] == 200

    # a service made after the restore is in the restored ECS backend; Auto Scaling must look there
    ecs.register_task_definition(family="saved", containerDefinitions=[{"name": "app", "image": "app", "memory": 512}])
    ecs.create_service(cluster="saved", serviceName="app", taskDefinition="saved", desiredCount=1)
    scaling.register_scalable_target(
        ServiceNamespace="ecs",
        ResourceId="service/saved/app",
        ScalableDimension="ecs:service:DesiredCount",
        MinCapacity=1,
        MaxCapacity=2,
    )
    targets = scaling.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"]
    assert [t["ResourceId"] for t in targets] == ["service/saved/app"]


@pytest.mark.parametrize(
    "path, status, error",
    [
        ("/moto-api/ext/states/restore?name=never-saved", 404, "no state saved as 'never-saved'"),
        ("/moto-api/ext/states/restore", 400, "POST with one ?name= restores the state saved under it"),
        ("/moto-api/ext/states/save?name=", 400, "POST with one ?name= saves the state under it"),
    ],
)
def test_a_restore_of_what_was_never_saved_is_refused_and_changes_nothing(endpoint, aws, path, status, error):
    ec2 = aws("ec2")
    before = _vpcs(ec2)
    answer_status, answer = _post(endpoint, path)
    assert (answer_status, answer["Error"]) == (status, error)
    assert _vpcs(ec2) == before
