"""The errors the service deployment APIs add, with the codes the ECS API reference gives them."""

from moto.ecs.exceptions import ECSException


class ConflictException(ECSException):
    def __init__(self, message: str) -> None:
        super().__init__("ConflictException", message)


class InvalidParameterException(ECSException):
    def __init__(self, message: str) -> None:
        super().__init__("InvalidParameterException", message)


class ServiceDeploymentNotFoundException(ECSException):
    def __init__(self, arn: str) -> None:
        super().__init__("ServiceDeploymentNotFoundException", f"The service deployment {arn} does not exist.")
