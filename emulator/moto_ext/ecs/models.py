"""ECS service deployments for moto: revisions, strategies, lifecycle stages, bake time and alarm rollback.

moto 5.2 keeps one deployment per service, completes it at once and drops ``deploymentConfiguration``. This
module gives the backend what the ECS API has had since 2025: every change of a service's task definition
(or ``forceNewDeployment``) starts a *service deployment* from the current *service revision* to a new one,
which walks the lifecycle stages of its strategy (ROLLING, BLUE_GREEN, LINEAR, CANARY) on a clock, shifts
production traffic as that strategy does, bakes, and rolls back when a CloudWatch alarm named in
``deploymentConfiguration.alarms`` is in ALARM while it is monitored, or when ``StopServiceDeployment`` asks.

Time is evaluated lazily: nothing runs in the background. Each read works out from the wall clock where a
deployment is, so the result does not depend on how often a client polls. ``MOTO_ECS_DEPLOYMENT_SPEEDUP``
compresses the clock (simulated seconds per real second; default 1, real time), so that a five-minute bake
can be rehearsed in five seconds at 60.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from typing import Any

from moto.cloudwatch.models import cloudwatch_backends
from moto.core.common_models import BaseModel
from moto.core.utils import utcnow
from moto.moto_api._internal import mock_random
from moto.utilities.utils import get_partition

from .exceptions import ConflictException, InvalidParameterException, ServiceDeploymentNotFoundException

STRATEGIES = ("ROLLING", "BLUE_GREEN", "LINEAR", "CANARY")

# How long a stage without a bake takes, in simulated seconds. AWS gives no figure; half a minute is the
# order of starting Fargate tasks and moving a listener's weights.
STAGE_SECONDS = 30.0

# The stages AWS documents for the strategies that shift traffic through the load balancer, in order
# (RECONCILE_SERVICE only happens with more than one active revision, which this model never has).
TRAFFIC_SHIFT_STAGES = (
    "PRE_SCALE_UP",
    "SCALE_UP",
    "POST_SCALE_UP",
    "TEST_TRAFFIC_SHIFT",
    "POST_TEST_TRAFFIC_SHIFT",
    "PRODUCTION_TRAFFIC_SHIFT",
    "POST_PRODUCTION_TRAFFIC_SHIFT",
    "BAKE_TIME",
    "CLEAN_UP",
)

# A rolling update starts the new tasks, then stops the old ones once they are healthy.
ROLLING_STAGES = ("SCALE_UP", "CLEAN_UP")


def speedup() -> float:
    try:
        value = float(os.environ.get("MOTO_ECS_DEPLOYMENT_SPEEDUP", "1"))
    except ValueError:
        return 1.0
    return value if value > 0 else 1.0


@dataclass(frozen=True)
class Segment:
    """A stretch of a deployment's timeline: one stage, or one traffic step within a stage."""

    stage: str
    seconds: float
    production_weight: int
    test_weight: int


class ServiceRevision(BaseModel):
    """What a service ran at one point: its task definition and the settings that came with it."""

    def __init__(self, service: Any, task_definition: str, created_at: datetime.datetime):
        self.service_revision_arn = (
            f"arn:{get_partition(service.region_name)}:ecs:{service.region_name}:{service._account_id}"
            f":service-revision/{service.cluster_name}/{service.name}/{mock_random.randint(10**18, 10**19 - 1)}"
        )
        self.service_arn = service.arn
        self.cluster_arn = service.cluster_arn
        self.task_definition = task_definition
        self.launch_type = service.launch_type
        self.platform_version = service.platform_version
        self.platform_family = "EC2" if service.launch_type == "EC2" else "FARGATE"
        self.load_balancers = list(service.load_balancers or [])
        self.service_registries = list(service.service_registries or [])
        self.network_configuration = service.network_configuration or None
        self.created_at = created_at

    @property
    def arn(self) -> str:
        return self.service_revision_arn


class ServiceDeployment(BaseModel):
    """One rollout of a service from its source revision to a target revision."""

    def __init__(
        self,
        owner: ServiceDeployments,
        source: ServiceRevision | None,
        target: ServiceRevision,
        configuration: dict[str, Any],
        now: datetime.datetime,
    ):
        self.owner = owner
        self.service = service = owner.service
        self.service_deployment_arn = (
            f"arn:{get_partition(service.region_name)}:ecs:{service.region_name}:{service._account_id}"
            f":service-deployment/{service.cluster_name}/{service.name}/{mock_random.get_random_string(22)}"
        )
        self.service_arn = service.arn
        self.cluster_arn = service.cluster_arn
        self.created_at = now
        self.started_at = now
        self.updated_at = now
        self.finished_at: datetime.datetime | None = None
        self.stopped_at: datetime.datetime | None = None
        self.source = source
        self.target = target
        self.deployment_configuration = configuration
        self.strategy = configuration.get("strategy") or "ROLLING"
        self.status = "IN_PROGRESS"
        self.status_reason: str | None = None
        self.lifecycle_stage: str | None = None
        self.production_weight = 0
        self.test_weight = 0
        self.rollback: dict[str, Any] | None = None
        self.triggered_alarms: list[str] = []
        self.deployment_id = f"ecs-svc/{mock_random.randint(0, 32**12)}"
        self.rollback_id = f"ecs-svc/{mock_random.randint(0, 32**12)}"
        self._rollback_started: datetime.datetime | None = None
        self._stop_type: str | None = None
        self._timeline = timeline(configuration)

    @property
    def arn(self) -> str:
        return self.service_deployment_arn

    @property
    def finished(self) -> bool:
        return self.status not in ("PENDING", "IN_PROGRESS", "STOP_REQUESTED", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS")

    def _real(self, simulated_seconds: float) -> datetime.timedelta:
        return datetime.timedelta(seconds=simulated_seconds / speedup())

    def _end_of_timeline(self) -> datetime.datetime:
        return self.started_at + self._real(sum(segment.seconds for segment in self._timeline))

    def advance(self, now: datetime.datetime) -> None:
        """Brings the deployment to where the clock says it is, rolling back if an alarm fired on the way."""
        if self.finished:
            return
        if self._rollback_started is None and self.status == "IN_PROGRESS":
            fired = self._first_alarm(now)
            if fired is not None:
                name, at = fired
                self.triggered_alarms = [name]
                self._start_rollback(
                    at,
                    f"Service deployment rolled back because the CloudWatch alarm {name} went into ALARM state.",
                )
        if self._rollback_started is not None:
            self._advance_rollback(now)
            return
        elapsed = (now - self.started_at).total_seconds() * speedup()
        for segment in self._timeline:
            if elapsed < segment.seconds:
                self._enter(segment)
                self.updated_at = now
                return
            elapsed -= segment.seconds
            self._enter(segment)
        self.status = "SUCCESSFUL"
        self.status_reason = None
        self.finished_at = self._end_of_timeline()
        self.updated_at = self.finished_at
        self.production_weight = 100
        self.test_weight = 100
        self.owner.succeeded(self)

    def _enter(self, segment: Segment) -> None:
        self.lifecycle_stage = segment.stage
        self.production_weight = segment.production_weight
        self.test_weight = segment.test_weight

    def stop(self, stop_type: str, now: datetime.datetime) -> None:
        self.advance(now)
        if self.finished or self._rollback_started is not None:
            raise ConflictException(
                f"The service deployment {self.arn} is {self.status}: only a deployment in progress can be stopped."
            )
        self._stop_type = stop_type
        if stop_type == "ABORT":
            self.status = "STOPPED"
            self.status_reason = "Service deployment stopped by StopServiceDeployment (ABORT)."
            self.stopped_at = now
            self.finished_at = now
            self.updated_at = now
            self.owner.aborted(self)
            return
        self.status = "ROLLBACK_REQUESTED"
        self._start_rollback(now, "Service deployment rolled back by StopServiceDeployment (ROLLBACK).")

    def _start_rollback(self, at: datetime.datetime, reason: str) -> None:
        self._rollback_started = at
        self.status_reason = reason
        self.rollback = {
            "reason": reason,
            "startedAt": at,
            "serviceRevisionArn": self.source.arn if self.source else self.target.arn,
        }
        self.owner.rolling_back(self)

    def _advance_rollback(self, now: datetime.datetime) -> None:
        done = self._rollback_started + self._real(STAGE_SECONDS)
        self.updated_at = now
        if now < done:
            if self.status != "ROLLBACK_REQUESTED" or now > self._rollback_started:
                self.status = "ROLLBACK_IN_PROGRESS"
            return
        self.status = "ROLLBACK_SUCCESSFUL"
        self.production_weight = 0
        self.test_weight = 0
        self.finished_at = done
        self.stopped_at = done
        self.updated_at = done
        self.owner.rolled_back(self)

    def _first_alarm(self, now: datetime.datetime) -> tuple[str, datetime.datetime] | None:
        """The first alarm to be in ALARM while the deployment was monitored, and when, seen from now."""
        alarms = self.deployment_configuration.get("alarms") or {}
        if not alarms.get("enable") or not alarms.get("rollback"):
            return None
        window_end = min(now, self._end_of_timeline())
        backend = cloudwatch_backends[self.service._account_id][self.service.region_name]
        first: tuple[str, datetime.datetime] | None = None
        for name in alarms.get("alarmNames") or []:
            alarm = backend.alarms.get(name)
            if alarm is None:
                continue
            for begin, end in alarm_intervals(alarm, now):
                if end <= self.started_at or begin > window_end:
                    continue
                at = max(begin, self.started_at)
                if first is None or at < first[1]:
                    first = (name, at)
        return first

    def alarms(self) -> dict[str, Any] | None:
        alarms = self.deployment_configuration.get("alarms")
        if not alarms:
            return None
        if not alarms.get("enable"):
            status = "DISABLED"
        elif self.triggered_alarms:
            status = "TRIGGERED"
        elif self.finished:
            status = "MONITORING_COMPLETE"
        else:
            status = "MONITORING"
        return {
            "status": status,
            "alarmNames": list(alarms.get("alarmNames") or []),
            "triggeredAlarmNames": list(self.triggered_alarms),
        }

    def to_json(self) -> dict[str, Any]:
        running = self.status == "SUCCESSFUL"
        desired = self.service.desired_count
        target = {
            "arn": self.target.arn,
            "requestedTaskCount": desired,
            "runningTaskCount": desired if self.lifecycle_stage not in (None, "PRE_SCALE_UP") else 0,
            "pendingTaskCount": 0,
        }
        if self.strategy != "ROLLING":
            target["requestedProductionTrafficWeight"] = float(self.production_weight)
            target["requestedTestTrafficWeight"] = float(self.test_weight)
        sources = []
        if self.source is not None:
            sources.append(
                {
                    "arn": self.source.arn,
                    "requestedTaskCount": 0 if running else desired,
                    "runningTaskCount": 0 if running else desired,
                    "pendingTaskCount": 0,
                    "requestedProductionTrafficWeight": float(100 - self.production_weight),
                    "requestedTestTrafficWeight": float(100 - self.test_weight),
                }
            )
        result: dict[str, Any] = {
            "serviceDeploymentArn": self.arn,
            "serviceArn": self.service_arn,
            "clusterArn": self.cluster_arn,
            "createdAt": self.created_at,
            "startedAt": self.started_at,
            "updatedAt": self.updated_at,
            "sourceServiceRevisions": sources,
            "targetServiceRevision": target,
            "status": self.status,
            "deploymentConfiguration": self.deployment_configuration,
        }
        for key, value in (
            ("finishedAt", self.finished_at),
            ("stoppedAt", self.stopped_at),
            ("statusReason", self.status_reason),
            ("lifecycleStage", self.lifecycle_stage),
            ("rollback", self.rollback),
            ("alarms", self.alarms()),
        ):
            if value is not None:
                result[key] = value
        breaker = self.deployment_configuration.get("deploymentCircuitBreaker")
        if breaker:
            result["deploymentCircuitBreaker"] = {
                "status": "DISABLED"
                if not breaker.get("enable")
                else "MONITORING_COMPLETE"
                if self.finished
                else "MONITORING",
                "failureCount": 0,
                "threshold": 3,
            }
        return result

    def brief(self) -> dict[str, Any]:
        result = {
            "serviceDeploymentArn": self.arn,
            "serviceArn": self.service_arn,
            "clusterArn": self.cluster_arn,
            "createdAt": self.created_at,
            "startedAt": self.started_at,
            "targetServiceRevisionArn": self.target.arn,
            "status": self.status,
        }
        if self.finished_at is not None:
            result["finishedAt"] = self.finished_at
        if self.status_reason is not None:
            result["statusReason"] = self.status_reason
        return result


def timeline(configuration: dict[str, Any]) -> list[Segment]:
    """The stages a deployment with this configuration goes through, with their simulated lengths."""
    strategy = configuration.get("strategy") or "ROLLING"
    if strategy == "ROLLING":
        return [Segment(stage, STAGE_SECONDS, 0, 0) for stage in ROLLING_STAGES]
    bake = float(configuration.get("bakeTimeInMinutes") or 0) * 60
    segments: list[Segment] = []
    for stage in TRAFFIC_SHIFT_STAGES:
        if stage == "PRODUCTION_TRAFFIC_SHIFT":
            segments.extend(production_shift(strategy, configuration))
        elif stage == "BAKE_TIME":
            segments.append(Segment(stage, bake, 100, 100))
        else:
            shifted = TRAFFIC_SHIFT_STAGES.index(stage) > TRAFFIC_SHIFT_STAGES.index("PRODUCTION_TRAFFIC_SHIFT")
            tested = TRAFFIC_SHIFT_STAGES.index(stage) > TRAFFIC_SHIFT_STAGES.index("TEST_TRAFFIC_SHIFT")
            segments.append(Segment(stage, STAGE_SECONDS, 100 if shifted else 0, 100 if tested else 0))
    return segments


def production_shift(strategy: str, configuration: dict[str, Any]) -> list[Segment]:
    """BLUE_GREEN moves all traffic at once; CANARY a share, a bake, then the rest; LINEAR equal steps."""
    stage = "PRODUCTION_TRAFFIC_SHIFT"
    if strategy == "CANARY":
        canary = configuration.get("canaryConfiguration") or {}
        percent = float(canary.get("canaryPercent") or 5)
        minutes = float(canary.get("canaryBakeTimeInMinutes") or 0)
        return [Segment(stage, minutes * 60, round(percent), 100), Segment(stage, STAGE_SECONDS, 100, 100)]
    if strategy == "LINEAR":
        linear = configuration.get("linearConfiguration") or {}
        step = float(linear.get("stepPercent") or 10)
        minutes = float(linear.get("stepBakeTimeInMinutes") or 0)
        segments = []
        weight = step
        while weight < 100:
            segments.append(Segment(stage, minutes * 60, round(weight), 100))
            weight += step
        segments.append(Segment(stage, STAGE_SECONDS, 100, 100))
        return segments
    return [Segment(stage, STAGE_SECONDS, 100, 100)]


def alarm_intervals(alarm: Any, now: datetime.datetime) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The stretches of time the alarm was in ALARM, from its state history and its current state."""
    states = [(entry[3], entry[4]) for entry in alarm.history if entry and entry[0] == "StateUpdate"]
    states.append((alarm.state_value, alarm.state_updated_timestamp))
    intervals = []
    for index, (value, begin) in enumerate(states):
        end = states[index + 1][1] if index + 1 < len(states) else now
        if value == "ALARM":
            intervals.append((begin, end if index + 1 < len(states) else datetime.datetime.max))
    return intervals


def validate_configuration(configuration: dict[str, Any] | None, load_balancers: list[dict[str, Any]]) -> None:
    """The checks ECS makes on a deployment configuration that this model depends on."""
    if not configuration:
        return
    strategy = configuration.get("strategy") or "ROLLING"
    if strategy not in STRATEGIES:
        raise InvalidParameterException(f"Invalid deployment strategy: {strategy}. Valid values: {', '.join(STRATEGIES)}.")
    if strategy == "CANARY":
        percent = (configuration.get("canaryConfiguration") or {}).get("canaryPercent")
        if percent is None or not 0.1 <= float(percent) <= 100:
            raise InvalidParameterException("canaryConfiguration.canaryPercent must be between 0.1 and 100.")
    if strategy == "LINEAR":
        step = (configuration.get("linearConfiguration") or {}).get("stepPercent")
        if step is None or not 3 <= float(step) <= 100:
            raise InvalidParameterException("linearConfiguration.stepPercent must be between 3 and 100.")
    bake = configuration.get("bakeTimeInMinutes")
    if bake is not None and not 0 <= int(bake) <= 1440:
        raise InvalidParameterException("bakeTimeInMinutes must be between 0 and 1440.")
    if strategy != "ROLLING":
        advanced = [lb.get("advancedConfiguration") or {} for lb in load_balancers or []]
        needed = ("alternateTargetGroupArn", "productionListenerRule", "roleArn")
        if not advanced or any(not all(a.get(key) for key in needed) for a in advanced):
            raise InvalidParameterException(
                f"The {strategy} deployment strategy needs each load balancer's advancedConfiguration with "
                "alternateTargetGroupArn, productionListenerRule and roleArn."
            )


class ServiceDeployments:
    """The deployments and revisions of one service, and what they do to moto's ``Service`` as they progress."""

    def __init__(self, service: Any):
        self.service = service
        self.revisions: dict[str, ServiceRevision] = {}
        self.deployments: list[ServiceDeployment] = []
        self.current: ServiceRevision | None = None

    def revision(self, task_definition: str, now: datetime.datetime) -> ServiceRevision:
        revision = ServiceRevision(self.service, task_definition, now)
        self.revisions[revision.arn] = revision
        return revision

    def in_progress(self) -> ServiceDeployment | None:
        return next((d for d in reversed(self.deployments) if not d.finished), None)

    def advance(self, now: datetime.datetime) -> None:
        for deployment in self.deployments:
            deployment.advance(now)

    def start(self, configuration: dict[str, Any], now: datetime.datetime, first: bool) -> ServiceDeployment:
        """A deployment to the service's task definition as it is now; the first one is complete at once."""
        running = self.in_progress()
        if running is not None:
            running.status = "STOPPED"
            running.status_reason = "Service deployment stopped: a newer service deployment replaced it."
            running.finished_at = running.stopped_at = running.updated_at = now
        source = self.current
        target = self.revision(self.service.task_definition, now)
        deployment = ServiceDeployment(self, source, target, dict(configuration or {}), now)
        self.deployments.append(deployment)
        if first:
            deployment.status = "SUCCESSFUL"
            deployment.finished_at = now
            self.current = target
            self.service.deployments = [legacy(self.service, deployment.deployment_id, target.task_definition, "COMPLETED", now)]
        else:
            previous = self.service.deployments[0]["id"] if self.service.deployments else deployment.rollback_id
            self.service.deployments = [
                legacy(self.service, deployment.deployment_id, target.task_definition, "IN_PROGRESS", now),
                legacy(self.service, previous, source.task_definition if source else target.task_definition, "COMPLETED", now, "ACTIVE"),
            ]
        return deployment

    def succeeded(self, deployment: ServiceDeployment) -> None:
        self.current = deployment.target
        self.service.deployments = [
            legacy(self.service, deployment.deployment_id, deployment.target.task_definition, "COMPLETED", deployment.finished_at)
        ]

    def aborted(self, deployment: ServiceDeployment) -> None:
        self.current = deployment.target
        entry = legacy(self.service, deployment.deployment_id, deployment.target.task_definition, "FAILED", deployment.stopped_at)
        entry["rolloutStateReason"] = deployment.status_reason
        self.service.deployments = [entry]

    def rolling_back(self, deployment: ServiceDeployment) -> None:
        back_to = deployment.source or deployment.target
        self.service.task_definition = back_to.task_definition
        failed = legacy(self.service, deployment.deployment_id, deployment.target.task_definition, "FAILED",
                        deployment.rollback["startedAt"], "ACTIVE")
        failed["rolloutStateReason"] = deployment.status_reason
        self.service.deployments = [
            legacy(self.service, deployment.rollback_id, back_to.task_definition, "IN_PROGRESS", deployment.rollback["startedAt"]),
            failed,
        ]

    def rolled_back(self, deployment: ServiceDeployment) -> None:
        back_to = deployment.source or deployment.target
        self.current = back_to
        self.service.deployments = [
            legacy(self.service, deployment.rollback_id, back_to.task_definition, "COMPLETED", deployment.finished_at)
        ]


def legacy(
    service: Any, deployment_id: str, task_definition: str, rollout: str, at: datetime.datetime, status: str = "PRIMARY"
) -> dict[str, Any]:
    """An entry of the service's ``deployments`` list, the view ECS gave before service deployments existed."""
    running = service.running_count if rollout == "COMPLETED" or status == "ACTIVE" else 0
    return {
        "id": deployment_id,
        "status": status,
        "taskDefinition": task_definition,
        "desiredCount": service.desired_count,
        "pendingCount": max(service.desired_count - running, 0),
        "runningCount": running,
        "failedTasks": 0,
        "createdAt": at,
        "updatedAt": at,
        "launchType": service.launch_type,
        "platformVersion": service.platform_version,
        "platformFamily": "EC2" if service.launch_type == "EC2" else "FARGATE",
        "networkConfiguration": service.network_configuration or None,
        "rolloutState": rollout,
        "rolloutStateReason": f"ECS deployment {deployment_id} "
        + {"COMPLETED": "completed.", "IN_PROGRESS": "in progress.", "FAILED": "failed."}[rollout],
    }


def deployments_of(service: Any) -> ServiceDeployments:
    if not hasattr(service, "service_deployments"):
        service.service_deployments = ServiceDeployments(service)
    return service.service_deployments


def get_service_deployment(backend: Any, arn: str) -> ServiceDeployment:
    for service in backend.services.values():
        for deployment in deployments_of(service).deployments:
            if deployment.arn == arn:
                return deployment
    raise ServiceDeploymentNotFoundException(arn)


def now() -> datetime.datetime:
    return utcnow()
