"""The embedded broker: kombu's filesystem transport, with each message written atomically.

kombu's own `_put` creates the message file under its final name, then writes into it. A worker
polling the folder in between moves the still-empty file away and fails on it (« Unrecoverable
error: JSONDecodeError »), which stops the worker and leaves the job waiting forever. Here the
message is written under a name no reader picks up (`….msg.part`), then renamed: a rename within
one folder is atomic, so a reader sees either no message or the whole of it.
"""

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps

PARTIAL_SUFFIX = ".part"


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = final + PARTIAL_SUFFIX
        try:
            self._write_message(partial, str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            try:
                os.remove(partial)
            except OSError:
                pass
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc

    def _write_message(self, path, data):
        with open(path, "wb") as message:
            message.write(data)
            message.flush()
            os.fsync(message.fileno())


class Transport(filesystem.Transport):
    Channel = Channel
