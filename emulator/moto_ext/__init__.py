"""Extensions to moto that the ecs-test CLI needs and moto 5.2 lacks, kept in moto's own layout (a package per
service, ``models`` and ``responses`` in it) so that each could be offered upstream as it is.

``install()`` adds them to moto's classes in this process; ``python -m moto_ext.server`` is moto_server with them.
"""

_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    from moto.ecs.responses import EC2ContainerServiceResponse

    from .acm import models as acm
    from .ecs.responses import ACTIONS
    from .elbv2 import models as elbv2
    from .iam import responses as iam
    from .moto_api import responses as moto_api
    from .servicediscovery import models as servicediscovery

    for name, action in ACTIONS.items():
        setattr(EC2ContainerServiceResponse, name, action)
    servicediscovery.install()
    acm.install()
    elbv2.install()
    iam.install()
    moto_api.install()
    _installed = True
