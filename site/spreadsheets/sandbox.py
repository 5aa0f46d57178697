"""Running a reader in a child process with hard bounds, so that no file can hold the caller.

`run_bounded(function, *args)` forks the current process; the child lowers its own limits
(`RLIMIT_CPU`, `RLIMIT_AS`), calls the function and sends back its result (pickled) through a
pipe; the parent waits at most `timeout` seconds, then kills that child (and only it).

Fork rather than a fresh interpreter: the child starts in a few milliseconds with Django, the
settings (test overrides included), the active language and the readers already loaded, and
never touches the database (it inherits the parent's connections but exits with `os._exit`,
without closing or using them).

A `SpreadsheetError` raised in the child is raised again in the parent with its (French)
message; a child that runs out of time, CPU or memory, or dies, raises `TooComplex`.
"""

import io
import logging
import os
import pickle
import resource
import select
import signal
import time
import traceback

logger = logging.getLogger(__name__)

#: What a child may send back: the reader's result and the values of its cells.
ALLOWED_CLASSES = {
    ("spreadsheets.reading", "Sheet"),
    ("decimal", "Decimal"),
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "time"),
    ("datetime", "timedelta"),
    ("datetime", "timezone"),
}

_OK, _REFUSED, _CRASHED = "ok", "refused", "crashed"


class TooComplex(Exception):
    """The child ran out of time, CPU or memory, or died."""


class _Unpickler(pickle.Unpickler):
    """Rebuilds only plain values: even a child subverted by a hostile file could not make
    the parent run anything by what it sends back."""

    def find_class(self, module, name):
        if (module, name) not in ALLOWED_CLASSES:
            raise pickle.UnpicklingError(f"{module}.{name} refusé")
        return super().find_class(module, name)


def available():
    return hasattr(os, "fork")


def run_bounded(function, *args, timeout, cpu_seconds, memory_bytes, refused=()):
    """`function(*args)` in a forked child; its result, or an exception of `refused` raised
    again with the child's message, or `TooComplex`."""
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        raise
    if pid == 0:  # pragma: no cover - the child; coverage is not collected there
        os.close(read_end)
        _child(write_end, function, args, cpu_seconds, memory_bytes, refused)
    os.close(write_end)
    started = time.monotonic()
    try:
        payload, finished = _receive(read_end, started + timeout)
    finally:
        os.close(read_end)
    if not finished:
        _kill(pid)
        logger.warning("Spreadsheet reader stopped after %.1f s (pid %s)", timeout, pid)
        raise TooComplex("timeout")
    status = _reap(pid)
    if not payload:
        logger.warning("Spreadsheet reader died without an answer (pid %s, status %s)", pid, status)
        raise TooComplex(f"status {status}")
    try:
        kind, value = _Unpickler(io.BytesIO(payload)).load()
    except Exception as error:
        logger.error("Unreadable answer from the spreadsheet reader: %s", error)
        raise TooComplex("answer") from None
    if kind == _OK:
        return value
    if kind == _REFUSED:
        class_index, message = value
        raise refused[class_index](message)
    if value == "MemoryError":
        raise TooComplex("memory")
    logger.error("Spreadsheet reader failed:\n%s", value)
    raise TooComplex("crash")


def _child(write_end, function, args, cpu_seconds, memory_bytes, refused):  # pragma: no cover
    """Never returns: the child must not run on into the caller's code (a request, a test)."""
    code = 0
    try:
        for number in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT, signal.SIGHUP):
            try:  # the host's handlers (gunicorn's, Celery's) are not this child's
                signal.signal(number, signal.SIG_DFL)
            except (OSError, ValueError):
                pass
        _limit(cpu_seconds, memory_bytes)
        try:
            answer = (_OK, function(*args))
        except refused as error:
            index = next(i for i, cls in enumerate(refused) if isinstance(error, cls))
            answer = (_REFUSED, (index, str(error)))
        except MemoryError:
            answer = (_CRASHED, "MemoryError")
        except BaseException:
            answer = (_CRASHED, traceback.format_exc())
        try:
            payload = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps((_CRASHED, "MemoryError"))
        view = memoryview(payload)
        while view:
            view = view[os.write(write_end, view) :]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _limit(cpu_seconds, memory_bytes):  # pragma: no cover - runs in the child
    """CPU seconds of this child (its count starts at 0 at the fork) and address space beyond
    what it already maps (a fork maps all of its parent)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    wanted = max(1, int(cpu_seconds))
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(
        resource.RLIMIT_CPU,
        (wanted, wanted + 1 if hard == resource.RLIM_INFINITY else hard),
    )
    try:
        with open("/proc/self/statm") as statm:
            mapped = int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:
        mapped = 0
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = mapped + int(memory_bytes)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _receive(read_end, deadline):
    """(everything the child wrote, whether it finished) by the deadline."""
    chunks = []
    poller = select.poll()
    poller.register(read_end, select.POLLIN | select.POLLHUP | select.POLLERR)
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return b"", False
        if not poller.poll(left * 1000):
            return b"", False
        chunk = os.read(read_end, 1024 * 1024)
        if not chunk:
            return b"".join(chunks), True
        chunks.append(chunk)


def _kill(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _reap(pid)


def _reap(pid):
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:  # already reaped (SIGCHLD ignored by the host process)
        return None
