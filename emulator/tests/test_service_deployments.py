"""Service deployments in the extended emulator: strategies, stages, traffic, bake, alarm rollback, stop."""

import json
import os
import subprocess
import time
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import SPEEDUP

TARGET_GROUP = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/gate/0123456789abcdef"
LOAD_BALANCER = {
    "targetGroupArn": TARGET_GROUP,
    "containerName": "app",
    "containerPort": 8080,
    "advancedConfiguration": {
        "alternateTargetGroupArn": TARGET_GROUP.replace("gate/", "gate-alt/"),
        "productionListenerRule": "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:listener-rule/app/lb/1/2/3",
        "roleArn": "arn:aws:iam::123456789012:role/ecs-load-balancers",
    },
}
PRE_SHIFT = ["PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT"]
POST_SHIFT = ["POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP"]


def service_with(aws, configuration, load_balancers=(LOAD_BALANCER,)):
    ecs = aws("ecs")
    cluster = "c-" + uuid.uuid4().hex[:8]
    ecs.create_cluster(clusterName=cluster)
    for image in ("app:1", "app:2"):
        ecs.register_task_definition(
            family=cluster, containerDefinitions=[{"name": "app", "image": image, "memory": 512}]
        )
    ecs.create_service(
        cluster=cluster,
        serviceName="svc",
        taskDefinition=f"{cluster}:1",
        desiredCount=1,
        loadBalancers=list(load_balancers),
        deploymentConfiguration=configuration,
    )
    return ecs, cluster


def deploy(ecs, cluster):
    ecs.update_service(cluster=cluster, service="svc", taskDefinition=f"{cluster}:2")
    return ecs.list_service_deployments(cluster=cluster, service="svc")["serviceDeployments"][0][
        "serviceDeploymentArn"
    ]


def follow(ecs, arn, until=lambda d: d["status"] not in ("IN_PROGRESS", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS")):
    """Polls the deployment; returns the stages seen (in order, once each), the weights seen, and the last view."""
    stages, weights = [], []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        deployment = ecs.describe_service_deployments(serviceDeploymentArns=[arn])["serviceDeployments"][0]
        stage = deployment.get("lifecycleStage")
        if stage and (not stages or stages[-1] != stage):
            stages.append(stage)
        weight = deployment["targetServiceRevision"].get("requestedProductionTrafficWeight")
        if weight is not None and (not weights or weights[-1] != weight):
            weights.append(weight)
        if until(deployment):
            return stages, weights, deployment
        time.sleep(0.02)
    pytest.fail(f"deployment {arn} did not get there within 60 s")


def task_definition(ecs, cluster):
    return ecs.describe_services(cluster=cluster, services=["svc"])["services"][0]["taskDefinition"]


@pytest.mark.parametrize(
    "configuration, stages, weights",
    [
        ({"strategy": "ROLLING"}, ["SCALE_UP", "CLEAN_UP"], []),
        ({"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 1}, PRE_SHIFT + ["PRODUCTION_TRAFFIC_SHIFT"] + POST_SHIFT, [0, 100]),
        (
            {"strategy": "CANARY", "bakeTimeInMinutes": 1,
             "canaryConfiguration": {"canaryPercent": 10, "canaryBakeTimeInMinutes": 1}},
            PRE_SHIFT + ["PRODUCTION_TRAFFIC_SHIFT"] + POST_SHIFT,
            [0, 10, 100],
        ),
        (
            {"strategy": "LINEAR", "bakeTimeInMinutes": 1,
             "linearConfiguration": {"stepPercent": 25, "stepBakeTimeInMinutes": 1}},
            PRE_SHIFT + ["PRODUCTION_TRAFFIC_SHIFT"] + POST_SHIFT,
            [0, 25, 50, 75, 100],
        ),
    ],
    ids=["rolling", "blue-green", "canary", "linear"],
)
def test_a_new_task_definition_starts_a_deployment_that_walks_its_strategy(aws, configuration, stages, weights):
    ecs, cluster = service_with(aws, configuration)

    arn = deploy(ecs, cluster)
    seen_stages, seen_weights, last = follow(ecs, arn)

    assert last["status"] == "SUCCESSFUL"
    assert seen_stages == stages
    assert seen_weights == weights
    assert last["deploymentConfiguration"]["strategy"] == configuration["strategy"]
    assert task_definition(ecs, cluster).endswith(f"{cluster}:2")
    service = ecs.describe_services(cluster=cluster, services=["svc"])["services"][0]
    assert [(d["status"], d["rolloutState"]) for d in service["deployments"]] == [("PRIMARY", "COMPLETED")]
    assert service["deploymentConfiguration"] == configuration


def test_the_clock_is_compressed_but_the_length_is_the_configured_one(aws):
    ecs, cluster = service_with(aws, {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 2})

    arn = deploy(ecs, cluster)
    _, _, last = follow(ecs, arn)

    simulated = (last["finishedAt"] - last["startedAt"]).total_seconds() * SPEEDUP
    assert simulated == pytest.approx(8 * 30 + 2 * 60, rel=0.01)  # eight stages of 30 s and the bake


def test_an_alarm_in_alarm_during_the_bake_rolls_back_to_the_old_revision(aws):
    aws("cloudwatch").put_metric_alarm(
        AlarmName="gate-5xx", MetricName="HTTPCode_Target_5XX_Count", Namespace="AWS/ApplicationELB",
        Statistic="Sum", Period=60, EvaluationPeriods=1, Threshold=1, ComparisonOperator="GreaterThanThreshold",
    )
    alarms = {"alarmNames": ["gate-5xx"], "enable": True, "rollback": True}
    ecs, cluster = service_with(aws, {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 5, "alarms": alarms})
    arn = deploy(ecs, cluster)
    follow(ecs, arn, until=lambda d: d.get("lifecycleStage") == "BAKE_TIME")

    aws("cloudwatch").set_alarm_state(AlarmName="gate-5xx", StateValue="ALARM", StateReason="5xx from the green tasks")
    _, _, last = follow(ecs, arn)

    assert last["status"] == "ROLLBACK_SUCCESSFUL"
    assert "gate-5xx" in last["statusReason"]
    assert last["alarms"]["status"] == "TRIGGERED"
    assert last["alarms"]["triggeredAlarmNames"] == ["gate-5xx"]
    assert last["rollback"]["serviceRevisionArn"] == last["sourceServiceRevisions"][0]["arn"]
    assert task_definition(ecs, cluster).endswith(f"{cluster}:1")
    aws("cloudwatch").set_alarm_state(AlarmName="gate-5xx", StateValue="OK", StateReason="reset")


def test_an_alarm_after_the_deployment_changes_nothing(aws):
    aws("cloudwatch").put_metric_alarm(
        AlarmName="late", MetricName="m", Namespace="n", Statistic="Sum", Period=60,
        EvaluationPeriods=1, Threshold=1, ComparisonOperator="GreaterThanThreshold",
    )
    alarms = {"alarmNames": ["late"], "enable": True, "rollback": True}
    ecs, cluster = service_with(aws, {"strategy": "ROLLING", "alarms": alarms})
    arn = deploy(ecs, cluster)
    follow(ecs, arn)

    aws("cloudwatch").set_alarm_state(AlarmName="late", StateValue="ALARM", StateReason="after the fact")
    deployment = ecs.describe_service_deployments(serviceDeploymentArns=[arn])["serviceDeployments"][0]

    assert deployment["status"] == "SUCCESSFUL"
    assert deployment["alarms"]["status"] == "MONITORING_COMPLETE"
    assert task_definition(ecs, cluster).endswith(f"{cluster}:2")


def test_stop_with_rollback_returns_to_the_old_revision(aws):
    ecs, cluster = service_with(aws, {"strategy": "CANARY", "bakeTimeInMinutes": 5,
                                      "canaryConfiguration": {"canaryPercent": 5, "canaryBakeTimeInMinutes": 5}})
    arn = deploy(ecs, cluster)
    follow(ecs, arn, until=lambda d: d["targetServiceRevision"]["requestedProductionTrafficWeight"] == 5)

    ecs.stop_service_deployment(serviceDeploymentArn=arn, stopType="ROLLBACK")
    _, _, last = follow(ecs, arn)

    assert last["status"] == "ROLLBACK_SUCCESSFUL"
    assert "StopServiceDeployment" in last["statusReason"]
    assert task_definition(ecs, cluster).endswith(f"{cluster}:1")
    with pytest.raises(ClientError) as finished:
        ecs.stop_service_deployment(serviceDeploymentArn=arn, stopType="ROLLBACK")
    assert finished.value.response["Error"]["Code"] == "ConflictException"


def test_the_same_task_definition_starts_no_deployment_and_force_starts_one(aws):
    ecs, cluster = service_with(aws, {"strategy": "ROLLING"})

    ecs.update_service(cluster=cluster, service="svc", taskDefinition=f"{cluster}:1", desiredCount=2)
    assert len(ecs.list_service_deployments(cluster=cluster, service="svc")["serviceDeployments"]) == 1

    ecs.update_service(cluster=cluster, service="svc", forceNewDeployment=True)
    assert len(ecs.list_service_deployments(cluster=cluster, service="svc")["serviceDeployments"]) == 2


def test_strategies_that_shift_traffic_need_a_load_balancer_and_valid_parameters(aws):
    with pytest.raises(ClientError) as no_lb:
        service_with(aws, {"strategy": "CANARY", "canaryConfiguration": {"canaryPercent": 5}}, load_balancers=())
    assert no_lb.value.response["Error"]["Code"] == "InvalidParameterException"
    plain = {key: value for key, value in LOAD_BALANCER.items() if key != "advancedConfiguration"}
    with pytest.raises(ClientError) as no_alternate:
        service_with(aws, {"strategy": "BLUE_GREEN"}, load_balancers=(plain,))
    assert "alternateTargetGroupArn" in no_alternate.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as bad_step:
        service_with(aws, {"strategy": "LINEAR", "linearConfiguration": {"stepPercent": 1}})
    assert "stepPercent" in bad_step.value.response["Error"]["Message"]


def test_unknown_deployment_arns_are_failures_and_stop_names_them(aws):
    ecs = aws("ecs")
    missing = "arn:aws:ecs:ap-northeast-2:123456789012:service-deployment/c/s/none"

    described = ecs.describe_service_deployments(serviceDeploymentArns=[missing])

    assert described["serviceDeployments"] == []
    assert described["failures"] == [{"arn": missing, "reason": "MISSING"}]
    with pytest.raises(ClientError) as stop:
        ecs.stop_service_deployment(serviceDeploymentArn=missing)
    assert stop.value.response["Error"]["Code"] == "ServiceDeploymentNotFoundException"


def test_the_aws_cli_reads_the_answers(aws, endpoint):
    ecs, cluster = service_with(aws, {"strategy": "LINEAR", "linearConfiguration": {"stepPercent": 50, "stepBakeTimeInMinutes": 30}})
    arn = deploy(ecs, cluster)
    env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
               AWS_DEFAULT_REGION="ap-northeast-2", AWS_CONFIG_FILE="/dev/null")

    def cli(*args):
        done = subprocess.run(["aws", "--endpoint-url", endpoint, "ecs", *args, "--output", "json"],
                              capture_output=True, text=True, env=env, check=False)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    listed = cli("list-service-deployments", "--cluster", cluster, "--service", "svc", "--status", "IN_PROGRESS")
    assert [d["serviceDeploymentArn"] for d in listed["serviceDeployments"]] == [arn]
    described = cli("describe-service-deployments", "--service-deployment-arns", arn)
    assert described["serviceDeployments"][0]["deploymentConfiguration"]["strategy"] == "LINEAR"
    revision = described["serviceDeployments"][0]["targetServiceRevision"]["arn"]
    revisions = cli("describe-service-revisions", "--service-revision-arns", revision)
    assert revisions["serviceRevisions"][0]["taskDefinition"].endswith(f"{cluster}:2")
    stopped = cli("stop-service-deployment", "--service-deployment-arn", arn, "--stop-type", "ROLLBACK")
    assert stopped["serviceDeploymentArn"] == arn


def test_a_new_network_configuration_starts_a_deployment_and_is_described(aws):
    ecs, cluster = service_with(aws, {"strategy": "ROLLING"}, load_balancers=())
    network = {"awsvpcConfiguration": {"subnets": ["subnet-1"], "securityGroups": ["sg-1"], "assignPublicIp": "ENABLED"}}

    ecs.update_service(cluster=cluster, service="svc", networkConfiguration=network)
    ecs.update_service(cluster=cluster, service="svc", networkConfiguration=network)

    assert len(ecs.list_service_deployments(cluster=cluster, service="svc")["serviceDeployments"]) == 2
    described = ecs.describe_services(cluster=cluster, services=["svc"])["services"][0]
    assert described["networkConfiguration"] == network
