"""See the package's docstring."""

import json
from typing import Any
from urllib.parse import parse_qs, urlparse

from .models import saved_states

JSON = {"Content-Type": "application/json"}


def _name(full_url: str) -> str | None:
    names = parse_qs(urlparse(full_url).query).get("name", [])
    return names[0] if len(names) == 1 and names[0] else None


def states(request: Any, full_url: str, headers: Any) -> tuple[int, dict[str, str], str]:
    if request.method != "GET":
        return 405, JSON, json.dumps({"Error": "GET lists the saved states"})
    return 200, JSON, json.dumps({"names": saved_states.names()})


def save(request: Any, full_url: str, headers: Any) -> tuple[int, dict[str, str], str]:
    name = _name(full_url)
    if request.method != "POST" or name is None:
        return 400, JSON, json.dumps({"Error": "POST with one ?name= saves the state under it"})
    saved_states.save(name)
    return 200, JSON, json.dumps({"saved": name})


def restore(request: Any, full_url: str, headers: Any) -> tuple[int, dict[str, str], str]:
    name = _name(full_url)
    if request.method != "POST" or name is None:
        return 400, JSON, json.dumps({"Error": "POST with one ?name= restores the state saved under it"})
    if not saved_states.restore(name):
        return 404, JSON, json.dumps({"Error": f"no state saved as {name!r}", "names": saved_states.names()})
    return 200, JSON, json.dumps({"restored": name})


def install() -> None:
    from moto.moto_api._internal import urls

    urls.url_paths.update(
        {
            "{0}/moto-api/ext/states$": states,
            "{0}/moto-api/ext/states/save$": save,
            "{0}/moto-api/ext/states/restore$": restore,
        }
    )
