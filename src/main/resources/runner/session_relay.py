"""Kernelforge session relay: runs a Jupyter kernel (ipykernel, or IRkernel for R) in this (network-less) container and relays Jupyter messages
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

With --kernel NAME (default python3): the Jupyter kernel to run. python3 is ipykernel, started as below; any other
name is started from its installed kernelspec (kernel.json's argv, with {connection_file}), e.g. IRkernel's "ir":
R --slave -e IRkernel::main() --args {connection_file}. When the image has no such kernelspec the relay says
{"kf": "failed", "detail": "..."} (naming the Debian package that provides it, where known) and exits with 4.

The relay exits (and the container with it) when the kernel dies on its own, when stdin closes, or on SIGTERM.
"""
import time

STARTED = time.monotonic()

import base64
import hashlib
import hmac
import importlib
import json
import os
import signal
import subprocess
import sys
import uuid

zmq = None  # imported once the kernel's process is started, which needs the time more

DELIMITER = b"<IDS|MSG>"
CONNECTION_FILE = "/tmp/kf-kernel.json"
IPC_PREFIX = "/tmp/kf-kernel"
CHANNELS = {"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4}
HEARTBEAT = 5
# ipykernel_launcher's start, without the Jupyter debugger: importing debugpy took a third of the kernel's start (0.45 s
# of 1.3 s); kernel_info then says "debugger": false, and clients do not offer it. The working folder comes back on
# sys.path with the shell (as ipykernel_launcher does), and `import debugpy` in a cell works.
LAUNCH = ("import sys; sys.path[0] == '' and sys.path.pop(0); sys.modules['debugpy'] = None; "
          "from ipykernel import kernelapp; del sys.modules['debugpy']; kernelapp.launch_new_instance()")
INTERNAL = "kf-relay-"
WORKING = "/kaggle/working"
READY_TIMEOUT = 120.0
MEMORY_EVERY = 2.0
KERNEL_DIED = 3
NO_KERNEL = 4
PYTHON_KERNEL = "python3"
# where Jupyter looks for kernelspecs in a container without a user's own (HOME is /tmp): the system's data folders
KERNELSPEC_DIRS = ("/usr/local/share/jupyter/kernels", "/usr/share/jupyter/kernels")
# the Debian package that installs a kernelspec, for the message when an image lacks it
PACKAGES = {"ir": ("IRkernel, the Jupyter kernel for R", "r-cran-irkernel")}


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


class KernelUnavailable(Exception):
    """The image has no kernelspec of the asked name; the message says what to install."""


class Launch:
    """How to start a kernel of one name: ipykernel directly, or another kernel from its kernelspec; and the code that
    moves it into another working folder (for a warm container's activation)."""

    def __init__(self, name):
        self.name = name
        if name == PYTHON_KERNEL:
            self.argv = [sys.executable, "-c", LAUNCH, "-f", CONNECTION_FILE]
            self.env = {}
            self.language = "python"
            return
        spec = find_kernelspec(name)
        if spec is None:
            what, package = PACKAGES.get(name, ("the Jupyter kernel '%s'" % name, None))
            raise KernelUnavailable("This environment has no %s%s, so the session cannot start: add %s to the "
                                    "environment's packages and build it again." % (
                                        what, " (Debian package %s)" % package if package else "",
                                        package or "the package that installs it"))
        self.argv = [CONNECTION_FILE if part == "{connection_file}" else part for part in spec["argv"]]
        self.env = {k: str(v) for k, v in (spec.get("env") or {}).items()}
        self.language = str(spec.get("language", "")).lower()

    def chdir(self, folder):
        if self.language == "r":
            return "setwd(%s)" % json.dumps(folder)
        return "import os as _kf_os; _kf_os.chdir(%r); del _kf_os" % folder


def find_kernelspec(name):
    """The kernel.json of kernelspec {name} as a dict, or None when the image has none with an argv."""
    for folder in KERNELSPEC_DIRS:
        try:
            with open(os.path.join(folder, name, "kernel.json")) as f:
                spec = json.load(f)
        except (OSError, ValueError):
            continue
        if isinstance(spec, dict) and isinstance(spec.get("argv"), list) and spec["argv"]:
            return spec
    return None


class Kernel:
    """The local kernel (ipykernel, or another from its kernelspec), started here without jupyter_client's kernel manager (the relay's own start would
    cost as much as a third of the kernel's), reached over ipc sockets in /tmp with the kernel's signing key."""

    def __init__(self, launch):
        self.launch = launch
        self.env = dict(os.environ)
        self.env.update(launch.env)
        # plots display inline in the client (never a file backend such as Agg)
        self.env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
        self.env["JPY_PARENT_PID"] = str(os.getpid())  # the kernel ends when the relay does, and prints no console hints
        self.key = uuid.uuid4().hex.encode()
        self.session = uuid.uuid4().hex
        self.identity = self.session.encode()  # ipykernel answers input() on the stdin socket of the shell's identity
        self.process = None
        self.sockets = {}
        self.channels = {}
        with open(os.open(CONNECTION_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            json.dump(dict(CHANNELS, hb_port=HEARTBEAT, transport="ipc", ip=IPC_PREFIX, key=self.key.decode(),
                           signature_scheme="hmac-sha256", kernel_name=launch.name), f)

    def start(self):
        # its own process group: an interrupt reaches the kernel and whatever it started, never the relay
        self.process = subprocess.Popen(self.launch.argv, cwd=WORKING,
                                        env=self.env, stdin=subprocess.DEVNULL, stdout=sys.stderr, stderr=sys.stderr,
                                        start_new_session=True)

    def connect(self):
        """Sockets to the kernel; they connect whenever its own are bound (ipc retries every few milliseconds)."""
        self.context = zmq.Context.instance()
        self.sockets = {}
        for channel, port in CHANNELS.items():
            socket = self.context.socket(zmq.SUB if channel == "iopub_port" else zmq.DEALER)
            socket.setsockopt(zmq.LINGER, 0)
            socket.setsockopt(zmq.RECONNECT_IVL, 5)
            if channel == "iopub_port":
                socket.setsockopt(zmq.SUBSCRIBE, b"")
            else:
                socket.setsockopt(zmq.IDENTITY, self.identity)
            socket.connect("ipc://%s-%d" % (IPC_PREFIX, port))
            self.sockets[channel[:-len("_port")]] = socket
        self.channels = {socket: channel for channel, socket in self.sockets.items()}

    def restart(self):
        self.close_sockets()
        self.kill()
        self.start()
        self.connect()

    def close_sockets(self):
        for socket in self.sockets.values():
            socket.close(linger=0)
        self.sockets = {}
        self.channels = {}

    def sign(self, parts):
        mac = hmac.new(self.key, digestmod=hashlib.sha256)
        for part in parts:
            mac.update(part)
        return mac.hexdigest().encode()

    def send(self, channel, header, parent, metadata, content, buffers=()):
        parts = [json.dumps(part).encode() for part in (header, parent or {}, metadata or {}, content or {})]
        self.sockets[channel].send_multipart([DELIMITER, self.sign(parts), *parts, *buffers])

    def request(self, msg_type, content=None):
        """Sends a message of the relay's own on shell; its answers are not relayed."""
        header = {"msg_id": INTERNAL + uuid.uuid4().hex, "msg_type": msg_type, "username": "kernelforge",
                  "session": self.session, "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                  "version": "5.3"}
        self.send("shell", header, {}, {}, content or {})
        return header["msg_id"]

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def interrupt(self):
        self.signal(signal.SIGINT)

    def signal(self, number):
        if self.alive():
            try:
                os.killpg(self.process.pid, number)
            except ProcessLookupError:
                pass

    def kill(self):
        self.signal(signal.SIGKILL)
        if self.process is not None:
            self.process.wait()
        for port in (*CHANNELS.values(), HEARTBEAT):
            try:
                os.unlink("%s-%d" % (IPC_PREFIX, port))
            except FileNotFoundError:
                pass

    def shutdown(self):
        try:
            self.close_sockets()
            self.kill()
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

    def __init__(self, launch):
        self.protocol = Protocol()
        self.kernel = Kernel(launch)
        self.ready = False
        self.memory = None
        self.memory_at = 0.0
        self.alive_at = 0.0
        self.poller = None
        self.answered = set()  # the relay's own requests the kernel answered on shell

    def run(self, warm):
        self.activated = not warm
        self.start(self.connect)
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

    def connect(self):
        """The kernel's process is started already (main); the relay connects to it."""
        global zmq
        zmq = importlib.import_module("zmq")
        self.kernel.connect()

    def start(self, how):
        """Starts (or restarts) the kernel and waits until it answers on shell and iopub, relaying meanwhile."""
        self.ready = False
        how()
        self.register()
        deadline = time.monotonic() + READY_TIMEOUT
        self.answered.clear()
        self.seen_iopub = False
        asked, asked_at = None, 0.0
        while not (self.answered and self.seen_iopub):
            now = time.monotonic()
            if now > deadline:
                raise RuntimeError("the kernel did not answer within %d s" % READY_TIMEOUT)
            # one request at a time, queued until the kernel is there; asked again when iopub connected after the
            # answer (its status messages are how clients see the kernel), or when an answer is long overdue
            if asked is None or (asked in self.answered and now - asked_at >= 0.01) or now - asked_at >= 1.0:
                asked, asked_at = self.kernel.request("kernel_info_request"), now
            self.poll(10)
            if not self.kernel.alive():
                raise RuntimeError("the kernel exited while starting")
        self.await_activation()
        self.ready = True
        self.protocol.say({"kf": "ready", "seconds": round(time.monotonic() - STARTED, 3)})
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
            "code": self.kernel.launch.chdir(WORKING), "silent": True,
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
        if not hmac.compare_digest(self.kernel.sign([header, parent, metadata, content]), signature):
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


def kernel_name(args):
    """--kernel NAME, else python3."""
    if "--kernel" in args and args.index("--kernel") + 1 < len(args):
        return args[args.index("--kernel") + 1]
    return PYTHON_KERNEL


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        launch = Launch(kernel_name(sys.argv[1:]))
    except KernelUnavailable as e:
        log(e)
        protocol = Protocol()
        protocol.say({"kf": "failed", "detail": str(e)})
        return NO_KERNEL
    relay = Relay(launch)
    relay.kernel.start()  # first: the kernel's imports take longest, the relay's own go on meanwhile
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
