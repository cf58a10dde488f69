"""One extended moto_server for the session, on a free loopback port, with a compressed deployment clock; each test
module starts from an empty account (the emulator's saved states: a restore instead of a new server)."""

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import boto3
import pytest

HERE = Path(__file__).resolve().parent.parent
SPEEDUP = 120  # a simulated minute lasts half a second


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    env = dict(os.environ, MOTO_ECS_DEPLOYMENT_SPEEDUP=str(SPEEDUP), MOTO_ECS_SERVICE_RUNNING="1")
    with open(log, "w") as out:
        process = subprocess.Popen(
            [str(HERE / "bin" / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/moto-api/", timeout=2)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"the extended moto_server did not start: {log.read_text()}")
            time.sleep(0.1)
    _post(url + "/moto-api/ext/states/save?name=empty")
    yield url
    process.terminate()
    process.wait(10)


def _post(url):
    with urllib.request.urlopen(urllib.request.Request(url, method="POST"), timeout=30) as answer:
        assert answer.status == 200, f"{url}: HTTP {answer.status}"


@pytest.fixture(scope="module")
def endpoint(server):
    _post(server + "/moto-api/ext/states/restore?name=empty")
    return server


@pytest.fixture
def aws(endpoint):
    def client(service):
        return boto3.client(
            service,
            endpoint_url=endpoint,
            region_name="ap-northeast-2",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    return client
