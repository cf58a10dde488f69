"""The AWS CLI (v1) for many commands in one process, for the tests that apply every template with it.

The first line out is {"version": awscli's version}. Then each line in is a JSON list of arguments, as they follow
``aws`` on a command line, and each line out is {"exit": code, "stdout": text, "stderr": text}: what ``aws`` with
those arguments would exit with and print. Each command gets a session of its own (environment, credentials and
configuration read again, as a new process would); only the parsed service models are shared, which is most of what
a new ``aws`` process spends its second on. Ends at the end of its input.
"""

import contextlib
import io
import json
import sys

import awscli
from awscli.clidriver import create_clidriver

_models = None


def _driver():
    global _models
    driver = create_clidriver()
    if _models is None:
        _models = driver.session.get_component("data_loader")
    else:
        driver.session.register_component("data_loader", _models)
    return driver


def main() -> None:
    answers = sys.stdout
    answers.write(json.dumps({"version": awscli.__version__}) + "\n")
    answers.flush()
    for line in sys.stdin:
        args = json.loads(line)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = _driver().main(args)
            except SystemExit as exit:
                code = exit.code if isinstance(exit.code, int) else 1
        answers.write(json.dumps({"exit": code, "stdout": out.getvalue(), "stderr": err.getvalue()}) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
