"""Where the tasks of a sharded job run: this machine's processes, or a Ray cluster.

Both engines have one method, `run(fn, calls, on_result)`: call `fn(*args)`
for every `args` in `calls`, wherever the engine runs things, and report
each outcome to `on_result(index, result, error)` in the driver as it comes
(`error` is a message when the task could not run to its end: its worker
died more than `max_retries` times). The task function is the same for
both (`broadsheet.warc_task.run_task`); it writes its own output and
returns a small report, so nothing large travels back to the driver.

A task whose worker dies (killed, out of memory) is run again, up to
`max_retries` times: Ray does this itself (`max_retries` of a remote
function); the local engine replaces its broken process pool and submits
the tasks that were in flight again.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Protocol, Sequence

log = logging.getLogger("broadsheet")

OnResult = Callable[[int, object, "str | None"], None]
MAX_RETRIES = 3


class TaskEngine(Protocol):
    name: str

    def parallelism(self) -> int: ...

    def run(self, fn: Callable, calls: Sequence[tuple], on_result: OnResult) -> None: ...

    def close(self) -> None: ...


class EngineUnavailable(Exception):
    """The engine cannot start (Ray not installed, cluster unreachable): a usage error."""


def _init_worker(parent: int) -> None:
    from .pipeline import _watch_parent

    _watch_parent(parent)


class LocalEngine:
    """A pool of `workers` processes on this machine (0: run the tasks in this process, one by one)."""

    name = "local"

    def __init__(self, workers: int, max_retries: int = MAX_RETRIES):
        self.workers, self.max_retries = workers, max_retries
        self._executor: ProcessPoolExecutor | None = None

    def parallelism(self) -> int:
        return max(1, self.workers)

    def _pool(self) -> ProcessPoolExecutor:
        """The worker pool, kept from one `run` to the next (a worker imports the parser once)."""
        if self._executor is None:
            ctx = multiprocessing.get_context("forkserver")  # the driver may run threads (progress bar)
            try:
                ctx.set_forkserver_preload(["broadsheet.warc_task", "broadsheet.preload"])
            except Exception:  # noqa: BLE001 - preload is only an optimisation
                pass
            self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx,
                                                 initializer=_init_worker, initargs=(os.getpid(),))
        return self._executor

    def run(self, fn: Callable, calls: Sequence[tuple], on_result: OnResult) -> None:
        if self.workers <= 0:
            for i, args in enumerate(calls):
                try:
                    result = fn(*args)
                except Exception as exc:  # noqa: BLE001 - one task's bug does not end the job
                    on_result(i, None, f"{type(exc).__name__}: {exc}")
                else:
                    on_result(i, result, None)
            return
        attempts = [0] * len(calls)
        todo = list(range(len(calls)))[::-1]
        running: dict = {}
        try:
            while todo or running:
                while todo and len(running) < 2 * self.workers:
                    i = todo.pop()
                    try:
                        running[self._pool().submit(fn, *calls[i])] = i
                    except (BrokenProcessPool, RuntimeError):
                        todo.append(i)
                        self._replace(running, attempts, todo, on_result)
                        break
                if not running:
                    continue
                done, _ = wait(list(running), return_when=FIRST_COMPLETED)
                broken = False
                for fut in done:
                    i = running.pop(fut)
                    try:
                        result = fut.result()
                    except BrokenProcessPool:
                        running[fut] = i
                        broken = True
                    except Exception as exc:  # noqa: BLE001 - one task's bug does not end the job
                        on_result(i, None, f"{type(exc).__name__}: {exc}")
                    else:
                        on_result(i, result, None)
                if broken:
                    self._replace(running, attempts, todo, on_result)
        except BaseException:
            self.close()  # (interrupted: do not wait for the tasks in flight)
            raise

    def _replace(self, running: dict, attempts: list, todo: list, on_result: OnResult) -> None:
        """A worker died: every task in flight is run again (up to max_retries times) by a new pool."""
        log.warning("a worker process died; %d task(s) in flight are run again", len(running))
        self.close()
        for i in sorted(running.values(), reverse=True):
            attempts[i] += 1
            if attempts[i] > self.max_retries:
                on_result(i, None, f"the worker process died {attempts[i]} times while running this task")
            else:
                todo.append(i)
        running.clear()

    def close(self) -> None:
        pool, self._executor = self._executor, None
        if pool is not None:
            for proc in list((getattr(pool, "_processes", None) or {}).values()):
                proc.terminate()
            pool.shutdown(wait=False, cancel_futures=True)


class RayEngine:
    """Ray tasks, one per call, each retried by Ray on worker loss (`max_retries`).

    `address`: None starts a local Ray (on `num_cpus` CPUs, default all);
    "auto" or HOST:PORT joins a running cluster. A Ray already initialised
    in this process (a test, a notebook) is used as it is.
    """

    name = "ray"

    def __init__(self, address: str | None = None, num_cpus: int | None = None,
                 max_retries: int = MAX_RETRIES):
        try:
            import ray
        except ImportError as exc:
            raise EngineUnavailable("--engine ray needs Ray: pip install 'broadsheet[ray]'") from exc
        self.ray = ray
        self.max_retries = max_retries
        self.started = False
        if not ray.is_initialized():
            if address and address != "auto":
                _check_reachable(address)
            kwargs = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
            try:
                if address:
                    ray.init(address=address, **kwargs)
                else:
                    ray.init(num_cpus=num_cpus, **kwargs)
            except Exception as exc:  # noqa: BLE001 - ConnectionError, RuntimeError, ...
                raise EngineUnavailable(f"cannot start or reach Ray ({address or 'local'}): {exc}") from exc
            self.started = True

    def parallelism(self) -> int:
        return max(1, int(self.ray.cluster_resources().get("CPU", 1)))

    def run(self, fn: Callable, calls: Sequence[tuple], on_result: OnResult) -> None:
        ray = self.ray
        remote = ray.remote(num_cpus=1, max_retries=self.max_retries, retry_exceptions=False)(fn)
        refs = {remote.remote(*args): i for i, args in enumerate(calls)}
        while refs:
            done, _ = ray.wait(list(refs), num_returns=1)
            for ref in done:
                i = refs.pop(ref)
                try:
                    result = ray.get(ref)
                except ray.exceptions.RayError as exc:
                    on_result(i, None, _ray_error(exc))
                else:
                    on_result(i, result, None)

    def close(self) -> None:
        if self.started:
            self.ray.shutdown()


def _check_reachable(address: str, timeout: float = 5.0) -> None:
    """Fail fast on a cluster address nobody answers at (Ray itself retries for minutes)."""
    import socket

    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise EngineUnavailable(f"--ray-address {address!r}: give auto or HOST:PORT")
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
    except OSError as exc:
        raise EngineUnavailable(f"cannot reach the Ray cluster at {address}: {exc}") from exc


def _ray_error(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:500]


def make_engine(name: str, workers: int | None, address: str | None = None,
                max_retries: int = MAX_RETRIES) -> TaskEngine:
    if name == "ray":
        return RayEngine(address, num_cpus=workers or None, max_retries=max_retries)
    if name != "local":
        raise EngineUnavailable(f"unknown --engine {name!r}: local or ray")
    return LocalEngine(workers if workers is not None else max(1, min(4, os.cpu_count() or 1)), max_retries)
