"""The ECS API's service deployment actions for moto, and what create/update/describe-services add to them."""

from __future__ import annotations

from typing import Any

from moto.core.responses import ActionResult
from moto.ecs.responses import EC2ContainerServiceResponse

from . import models
from .exceptions import InvalidParameterException

_create_service = EC2ContainerServiceResponse.create_service
_update_service = EC2ContainerServiceResponse.update_service
_describe_services = EC2ContainerServiceResponse.describe_services


def _service(self: EC2ContainerServiceResponse, name: str) -> Any:
    return self.ecs_backend._get_service(self._get_param("cluster", "default"), name)


def create_service(self: EC2ContainerServiceResponse) -> ActionResult:
    configuration = self._get_param("deploymentConfiguration") or {}
    models.validate_configuration(configuration, self._get_param("loadBalancers") or [])
    result = _create_service(self)
    service = _service(self, self._get_param("serviceName"))
    keep_settings(self, service)
    service.deployment_configuration = configuration
    models.deployments_of(service).start(configuration, models.now(), first=True)
    return result


def update_service(self: EC2ContainerServiceResponse) -> ActionResult:
    service = _service(self, self._get_param("service").split("/")[-1])
    deployments = models.deployments_of(service)
    now = models.now()
    deployments.advance(now)
    before = service.task_definition
    network_before = service.network_configuration
    configuration = self._get_param("deploymentConfiguration")
    if configuration is not None:
        models.validate_configuration(configuration, self._get_param("loadBalancers") or service.load_balancers)
    result = _update_service(self)
    # moto keeps the task definition as the caller wrote it (family:revision); ECS reports the ARN
    if service.task_definition:
        service.task_definition = self.ecs_backend.describe_task_definition(service.task_definition).arn
    keep_settings(self, service)
    # ECS moves the tasks with a new deployment when their task definition or their network changes
    network_changed = self._get_param("networkConfiguration") is not None and service.network_configuration != network_before
    if service.task_definition != before or network_changed or self._get_param("forceNewDeployment"):
        deployments.start(getattr(service, "deployment_configuration", None) or {}, now, first=False)
    return result


def keep_settings(self: EC2ContainerServiceResponse, service: Any) -> None:
    """Settings moto drops that ECS echoes in DescribeServices."""
    for name in ("healthCheckGracePeriodSeconds", "enableExecuteCommand", "enableECSManagedTags"):
        value = self._get_param(name)
        if value is not None:
            setattr(service, models_name(name), value)


def models_name(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def describe_services(self: EC2ContainerServiceResponse) -> ActionResult:
    cluster = self._get_param("cluster", "default")
    now = models.now()
    for name in self._get_param("services", []):
        try:
            service = self.ecs_backend._get_service(cluster, name.split("/")[-1])
        except Exception:  # a missing service is reported in failures by moto's own describe
            continue
        models.deployments_of(service).advance(now)
    return _describe_services(self)


def list_service_deployments(self: EC2ContainerServiceResponse) -> ActionResult:
    service = _service(self, self._get_param("service").split("/")[-1])
    deployments = models.deployments_of(service)
    deployments.advance(models.now())
    statuses = self._get_param("status") or []
    created = self._get_param("createdAt") or {}
    found = [
        d
        for d in reversed(deployments.deployments)
        if (not statuses or d.status in statuses)
        and (created.get("after") is None or d.created_at.timestamp() >= float(created["after"]))
        and (created.get("before") is None or d.created_at.timestamp() <= float(created["before"]))
    ]
    size = int(self._get_param("maxResults") or 20)
    start = int(self._get_param("nextToken") or 0)
    page = found[start : start + size]
    result: dict[str, Any] = {"serviceDeployments": [d.brief() for d in page]}
    if start + size < len(found):
        result["nextToken"] = str(start + size)
    return ActionResult(result)


def describe_service_deployments(self: EC2ContainerServiceResponse) -> ActionResult:
    arns = self._get_param("serviceDeploymentArns") or []
    if not arns:
        raise InvalidParameterException("serviceDeploymentArns must name at least one service deployment.")
    now = models.now()
    found, failures = [], []
    for arn in arns:
        try:
            deployment = models.get_service_deployment(self.ecs_backend, arn)
        except Exception:
            failures.append({"arn": arn, "reason": "MISSING"})
            continue
        deployment.owner.advance(now)
        found.append(deployment.to_json())
    return ActionResult({"serviceDeployments": found, "failures": failures})


def describe_service_revisions(self: EC2ContainerServiceResponse) -> ActionResult:
    arns = self._get_param("serviceRevisionArns") or []
    found, failures = [], []
    for arn in arns:
        revision = None
        for service in self.ecs_backend.services.values():
            revision = models.deployments_of(service).revisions.get(arn) or revision
        if revision is None:
            failures.append({"arn": arn, "reason": "MISSING"})
        else:
            found.append(revision)
    return ActionResult({"serviceRevisions": found, "failures": failures})


def stop_service_deployment(self: EC2ContainerServiceResponse) -> ActionResult:
    arn = self._get_param("serviceDeploymentArn")
    stop_type = self._get_param("stopType") or "ROLLBACK"
    if stop_type not in ("ROLLBACK", "ABORT"):
        raise InvalidParameterException(f"Invalid stopType: {stop_type}. Valid values: ROLLBACK, ABORT.")
    deployment = models.get_service_deployment(self.ecs_backend, arn)
    deployment.stop(stop_type, models.now())
    return ActionResult({"serviceDeploymentArn": deployment.arn})


ACTIONS = {
    "create_service": create_service,
    "update_service": update_service,
    "describe_services": describe_services,
    "list_service_deployments": list_service_deployments,
    "describe_service_deployments": describe_service_deployments,
    "describe_service_revisions": describe_service_revisions,
    "stop_service_deployment": stop_service_deployment,
}
