"""Saved states: the whole emulated account (every service's backends) saved under a name and restored later, so that
a test suite builds a stack once and starts each test from a copy of it instead of a fresh ``moto_server`` and a fresh
build. moto 5.2 has only ``/moto-api/reset``, which empties everything (and re-creates every backend on the way).

``POST /moto-api/ext/states/save?name=N`` copies the state now under ``N`` (a second save under the same name replaces it); ``POST
/moto-api/ext/states/restore?name=N`` replaces the state with a copy of ``N`` (answer 404 when there is none), so that
``N`` stays as saved however the restored copy is changed; ``GET /moto-api/ext/states`` lists the names. The emulator's
own settings (``/moto-api/config``, proxy, recorder) are not part of a state.
"""
