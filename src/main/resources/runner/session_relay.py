"""Kernelforge session relay: runs an ipykernel in this (network-less) container and relays Jupyter messages
between it and the server over the container's attached stdin/stdout, one JSON object per line.

stdin, from the server:
  a Jupyter message in Jupyter Server's WebSocket JSON form, {"channel": "shell"|"control"|"stdin", "header",
  "parent_header", "metadata", "content", "buffers": [base64, ...]}: signed and sent to the kernel as is;
  {"kf": "interrupt"}: SIGINT to the kernel; {"kf": "restart"}: a new kernel process, answered with
  {"kf": "restarting"} and then {"kf": "ready"}.
stdout, to the server:
  every message of the kernel on iopub, shell, stdin and control in the same form (header dates are the kernel's ISO
  strings, buffers base64); {"kf": "ready"} when the kernel answers (messages received before are queued, not
  dropped); {"kf": "memory", "bytes": N} when the container's memory use changes.
stderr: the relay's diagnostics and whatever the kernel process writes to its file descriptors.

With --warm (a container made ahead of time, before anyone attached): the kernel starts at once, and the relay waits
for {"kf": "activate"} (the server attached, and mounted the session's working folder over /kaggle/working), moves
the kernel into the new /kaggle/working and only then says {"kf": "ready"}.

The relay exits (and the container with it) when the kernel dies on its own, when stdin closes, or on SIGTERM.
"""
import base64
import json
import os
import signal
import subprocess
import sys
import time
import uuid

import zmq
from jupyter_client.manager import KernelManager

DELIMITER = b"<IDS|MSG>"
INTERNAL = "kf-relay-"
WORKING = "/kaggle/working"
READY_TIMEOUT = 120.0
MEMORY_EVERY = 2.0
KERNEL_DIED = 3


def log(*parts):
    print("session relay:", *parts, file=sys.stderr, flush=True)


class Protocol:
    """The server side: lines in from fd 0, lines out to fd 1. Anything else writing to fd 1 is moved to stderr."""

    def __init__(self):
        self.infd = os.dup(0)
        self.out = os.fdopen(os.dup(1), "wb", buffering=0)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)  # the kernel inherits neither the protocol's stdin nor its stdout
        os.dup2(2, 1)
        os.close(devnull)
        os.set_blocking(self.infd, False)
        self.partial = b""
        self.pending = []
        self.outgoing = []
        self.closed = False

    def read_lines(self):
        """The complete lines available now (non-blocking); sets closed at end of input."""
        lines = []
        while True:
            try:
                chunk = os.read(self.infd, 1 << 16)
            except BlockingIOError:
                break
            if not chunk:
                self.closed = True
                break
            self.partial += chunk
        if b"\n" in self.partial:
            *complete, self.partial = self.partial.split(b"\n")
            lines.extend(line for line in complete if line.strip())
        return lines

    def queue(self, line):
        self.pending.append(line)

    def write(self, data):
        self.outgoing.append(data)

    def flush(self):
        if self.outgoing:
            self.out.write(b"".join(self.outgoing))
            self.outgoing = []

    def say(self, obj):
        self.write(json.dumps(obj).encode() + b"\n")
        self.flush()


class Kernel:
    """The local ipykernel, reached over ipc sockets in /tmp with the kernel's signing key."""

    def __init__(self):
        env = dict(os.environ)
        # plots display inline in the client (never a file backend such as Agg)
        env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
        self.manager = KernelManager(kernel_name="python3", transport="ipc", ip="/tmp/kf-kernel",
                                     connection_file="/tmp/kf-kernel.json")
        self.launch = dict(cwd=WORKING, env=env, stdin=subprocess.DEVNULL, stdout=sys.stderr, stderr=sys.stderr)
        self.sockets = {}

    def start(self):
        self.manager.start_kernel(**self.launch)
        self.connect()

    def restart(self):
        self.close_sockets()
        self.manager.restart_kernel(now=True, **self.launch)
        self.connect()

    def connect(self):
        identity = self.manager.session.bsession  # ipykernel answers input() on the stdin socket of the shell's identity
        self.sockets = {
            "shell": self.manager.connect_shell(identity=identity),
            "stdin": self.manager.connect_stdin(identity=identity),
            "control": self.manager.connect_control(identity=identity),
            "iopub": self.manager.connect_iopub(),
        }
        self.channels = {socket: channel for channel, socket in self.sockets.items()}

    def close_sockets(self):
        for socket in self.sockets.values():
            socket.close(linger=0)
        self.sockets = {}
        self.channels = {}

    def send(self, channel, header, parent, metadata, content, buffers=()):
        parts = [json.dumps(part).encode() for part in (header, parent or {}, metadata or {}, content or {})]
        signature = self.manager.session.sign(parts)
        self.sockets[channel].send_multipart([DELIMITER, signature, *parts, *buffers])

    def request(self, msg_type, content=None):
        """Sends a message of the relay's own on shell; its answers are not relayed."""
        header = {"msg_id": INTERNAL + uuid.uuid4().hex, "msg_type": msg_type, "username": "kernelforge",
                  "session": self.manager.session.session, "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                  "version": "5.3"}
        self.send("shell", header, {}, {}, content or {})
        return header["msg_id"]

    def alive(self):
        return self.manager.is_alive()

    def interrupt(self):
        self.manager.interrupt_kernel()

    def shutdown(self):
        try:
            self.close_sockets()
            self.manager.shutdown_kernel(now=True)
        except Exception as e:  # the container ends anyway
            log("kernel shutdown:", e)


def memory_in_use():
    """The container's memory use as `docker stats` shows it (usage minus inactive file cache), or None."""
    for usage_file, stat_file, inactive in (("/sys/fs/cgroup/memory.current", "/sys/fs/cgroup/memory.stat", "inactive_file"),
                                            ("/sys/fs/cgroup/memory/memory.usage_in_bytes",
                                             "/sys/fs/cgroup/memory/memory.stat", "total_inactive_file")):
        try:
            with open(usage_file) as f:
                usage = int(f.read())
            with open(stat_file) as f:
                for line in f:
                    name, value = line.split()
                    if name == inactive:
                        return max(0, usage - int(value))
            return usage
        except (OSError, ValueError):
            continue
    return None


class Relay:

    def __init__(self):
        self.protocol = Protocol()
        self.kernel = Kernel()
        self.ready = False
        self.memory = None
        self.memory_at = 0.0
        self.alive_at = 0.0
        self.poller = None
        self.answered = set()  # the relay's own requests the kernel answered on shell

    def run(self, warm):
        self.activated = not warm
        self.start(self.kernel.start)
        while not self.protocol.closed:
            self.poll(1000)
            now = time.monotonic()
            if now - self.alive_at >= 1.0:
                self.alive_at = now
                if not self.kernel.alive():
                    log("the kernel died")
                    self.protocol.say({"kf": "dead"})
                    return KERNEL_DIED
            self.report_memory(now)
        return 0

    def start(self, how):
        """Starts (or restarts) the kernel and waits until it answers on shell and iopub, relaying meanwhile."""
        self.ready = False
        how()
        self.register()
        deadline = time.monotonic() + READY_TIMEOUT
        self.answered.clear()
        self.seen_iopub = False
        nudged = 0.0
        while not (self.answered and self.seen_iopub):
            now = time.monotonic()
            if now > deadline:
                raise RuntimeError("the kernel did not answer within %d s" % READY_TIMEOUT)
            if now - nudged >= 0.2:  # iopub may connect after the first request: ask again until it is seen
                nudged = now
                self.kernel.request("kernel_info_request")
            self.poll(50)
            if not self.kernel.alive():
                raise RuntimeError("the kernel exited while starting")
        self.await_activation()
        self.ready = True
        self.protocol.say({"kf": "ready"})
        for line in self.protocol.pending:
            self.from_server(line)
        self.protocol.pending = []

    def await_activation(self):
        """In a warm container: waits for the server, then runs the kernel in the working folder mounted meanwhile."""
        while not self.activated:
            self.poll(1000)
            if self.protocol.closed:
                raise SystemExit(0)
        moved = self.kernel.request("execute_request", {
            "code": "import os as _kf_os; _kf_os.chdir(%r); del _kf_os" % WORKING, "silent": True,
            "store_history": False, "user_expressions": {}, "allow_stdin": False, "stop_on_error": False})
        while moved not in self.answered:
            self.poll(1000)
            if not self.kernel.alive():
                raise RuntimeError("the kernel exited while being activated")
        self.memory = None

    def register(self):
        self.poller = zmq.Poller()
        self.poller.register(self.protocol.infd, zmq.POLLIN)
        for socket in self.kernel.sockets.values():
            self.poller.register(socket, zmq.POLLIN)

    def poll(self, timeout_ms):
        """Relays what is available now or within the timeout."""
        for socket, _ in self.poller.poll(timeout_ms):
            if socket == self.protocol.infd:
                for line in self.protocol.read_lines():
                    self.from_server(line)
                continue
            channel = self.kernel.channels.get(socket)
            if channel is None:
                continue
            while True:
                try:
                    frames = socket.recv_multipart(zmq.NOBLOCK)
                except zmq.Again:
                    break
                self.to_server(channel, frames)
                if channel == "iopub":
                    self.seen_iopub = True
        self.protocol.flush()

    def to_server(self, channel, frames):
        """Writes one kernel message as a JSON line; notes (and does not write) answers to the relay's own."""
        at = frames.index(DELIMITER)
        signature, header, parent, metadata, content = frames[at + 1:at + 6]
        if INTERNAL.encode() in parent[:200]:
            if channel == "shell":
                self.answered.add(json.loads(parent).get("msg_id"))
            return
        if self.kernel.manager.session.sign([header, parent, metadata, content]) != signature:
            log("dropped a", channel, "message with a bad signature")
            return
        head = json.loads(header)
        buffers = ",".join('"%s"' % base64.b64encode(b).decode() for b in frames[at + 6:])
        line = b'{"channel":"%s","msg_id":%s,"msg_type":%s,"header":%s,"parent_header":%s,"metadata":%s,"content":%s,"buffers":[%s]}\n' % (
            channel.encode(), json.dumps(head.get("msg_id")).encode(), json.dumps(head.get("msg_type")).encode(),
            header, parent, metadata, content, buffers.encode())
        self.protocol.write(line)

    def from_server(self, line):
        try:
            message = json.loads(line)
        except ValueError:
            log("ignored a line that is not JSON:", line[:200])
            return
        command = message.get("kf")
        if command == "activate":
            self.activated = True
            return
        if command == "interrupt":
            self.kernel.interrupt()
            return
        if not self.ready:
            self.protocol.queue(line)
            return
        if command == "restart":
            self.protocol.say({"kf": "restarting"})
            self.start(self.kernel.restart)
            return
        if command is not None:
            log("unknown relay command:", command)
            return
        channel = message.get("channel")
        if channel not in ("shell", "control", "stdin") or not isinstance(message.get("header"), dict):
            log("ignored a message without a shell, control or stdin channel or without a header")
            return
        buffers = [base64.b64decode(b) for b in message.get("buffers") or [] if isinstance(b, str)]
        self.kernel.send(channel, message["header"], message.get("parent_header"), message.get("metadata"),
                         message.get("content"), buffers)

    def report_memory(self, now):
        if now - self.memory_at < MEMORY_EVERY or not self.activated:
            return
        self.memory_at = now
        memory = memory_in_use()
        if memory is not None and memory != self.memory:
            self.memory = memory
            self.protocol.say({"kf": "memory", "bytes": memory})


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    relay = Relay()
    try:
        code = relay.run(warm="--warm" in sys.argv[1:])
    except SystemExit:
        code = 0
    except Exception as e:
        log("failed:", repr(e))
        code = 1
    finally:
        relay.kernel.shutdown()
    return code


if __name__ == "__main__":
    sys.exit(main())
