"""The embedded broker never hands a worker a message that is still being written."""

import os
from queue import Empty

import pytest
from kombu import Connection

from config import broker
from config.celery import app


@pytest.fixture
def channel(tmp_path):
    folder = tmp_path / "queue"
    folder.mkdir()
    connection = Connection(
        "filesystem://",
        transport="config.broker:Transport",
        transport_options={
            "data_folder_in": str(folder),
            "data_folder_out": str(folder),
            "control_folder": str(tmp_path),
        },
    )
    yield connection.default_channel
    connection.release()


def test_a_message_being_written_is_invisible_to_a_reader(channel, monkeypatch):
    seen_while_writing = []
    real_write = channel._write_message

    def write_then_look(path, data):
        with open(path, "wb") as message:
            message.write(data[:5])  # half-written, as when the worker polls mid-write
        try:
            seen_while_writing.append(channel._get("celery"))
        except Empty:
            seen_while_writing.append(None)
        real_write(path, data)

    monkeypatch.setattr(channel, "_write_message", write_then_look)
    channel._put("celery", {"body": "bonjour"})
    assert seen_while_writing == [None]
    assert channel._get("celery") == {"body": "bonjour"}
    with pytest.raises(Empty):
        channel._get("celery")


def test_a_write_that_fails_leaves_no_message_behind(channel, monkeypatch):
    def disk_full(path, data):
        with open(path, "wb") as message:
            message.write(data[:3])
        raise OSError("No space left on device")

    monkeypatch.setattr(channel, "_write_message", disk_full)
    with pytest.raises(Exception, match="Cannot add file"):
        channel._put("celery", {"body": "perdu"})
    assert os.listdir(channel.data_folder_out) == []
    with pytest.raises(Empty):
        channel._get("celery")


def test_the_embedded_default_uses_the_atomic_transport():
    if not app.conf.broker_url.startswith("filesystem://"):
        pytest.skip("a server broker is configured")
    with app.connection_for_write() as connection:
        assert connection.transport_cls == "config.broker:Transport"
        assert isinstance(connection.transport, broker.Transport)
