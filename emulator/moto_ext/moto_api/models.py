"""See the package's docstring."""

import copyreg
import pickle
import threading

from moto.core.base_backend import BackendDict, backend_lock
from moto.core.model_instances import reset_model_data

# Some backends hold a lock (ECR's scanning configuration, say); a restored copy gets a lock of its own, unlocked.
for _lock_type, _new_lock in {type(threading.Lock()): threading.Lock, type(threading.RLock()): threading.RLock}.items():
    copyreg.pickle(_lock_type, lambda lock, new=_new_lock: (new, ()))


def _services() -> list[BackendDict]:
    """The service backends in use, once each; moto's own (``moto_api``: config, proxy, recorder) left out."""
    seen: dict[int, BackendDict] = {}
    for backends in BackendDict._instances:
        if backends.service_name != "moto_api":
            seen.setdefault(id(backends), backends)
    return list(seen.values())


class SavedStates:
    """Each state is pickled once, all services in one pass, so that what one backend holds of another (Application
    Auto Scaling's ECS backend, say) is the restored one after a restore; a restore unpickles a fresh copy (a
    pickle round trip is about two and a half times as fast as ``copy.deepcopy`` of the same state)."""

    def __init__(self) -> None:
        self._states: dict[str, tuple[list[BackendDict], bytes]] = {}

    def names(self) -> list[str]:
        return sorted(self._states)

    def save(self, name: str) -> None:
        with backend_lock:
            services = _services()
            contents = pickle.dumps([dict(backends) for backends in services], pickle.HIGHEST_PROTOCOL)
            self._states[name] = (services, contents)

    def restore(self, name: str) -> bool:
        saved = self._states.get(name)
        if saved is None:
            return False
        services, contents = saved
        with backend_lock:
            states = pickle.loads(contents)
            for backends in _services():
                backends.clear()
            BackendDict._instances[:] = [b for b in BackendDict._instances if b.service_name == "moto_api"]
            for backends, state in zip(services, states):
                backends.update(state)
                BackendDict._instances.append(backends)
            # the dashboard's list of every model made: the replaced ones go, the restored ones are not listed
            reset_model_data()
        return True


saved_states = SavedStates()
