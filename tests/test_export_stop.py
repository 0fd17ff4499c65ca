"""Stopping kaleido's sync server waits a bounded time (its own close joins the server's thread with no timeout,
and a Chromium shutdown once hung a test worker there)."""

import threading
from queue import Queue

import pytest

from compare import export


class _Server:
    """A stand-in for kaleido's server singleton whose thread never ends."""

    def __init__(self) -> None:
        self._initialized = True
        self._task_queue: Queue = Queue()
        self._return_queue: Queue = Queue()
        self.release = threading.Event()
        self._thread = threading.Thread(target=self.release.wait, daemon=True)
        self._thread.start()

    def is_running(self) -> bool:
        return self._initialized


def test_a_server_thread_that_never_ends_is_left_behind_and_the_server_marked_closed(monkeypatch):
    import kaleido

    server = _Server()
    monkeypatch.setattr(kaleido, "_global_server", server)
    monkeypatch.setattr(export, "_STOP_WAIT", 0.2)
    with pytest.warns(RuntimeWarning, match="did not shut down"):
        export._stop_server()
    assert not server.is_running() and not hasattr(server, "_thread") and not hasattr(server, "_task_queue")
    server.release.set()


def test_a_server_that_ends_is_told_to_stop_and_closed(monkeypatch):
    import kaleido

    server = _Server()
    queue = server._task_queue
    server.release.set()  # the thread ends as soon as it is joined
    monkeypatch.setattr(kaleido, "_global_server", server)
    export._stop_server()
    assert queue.get_nowait() is None  # the stop message kaleido's server loop waits for
    assert not server.is_running()
