"""The stager of a run on a cluster node (Kernelforge's swarm engine).

Runs as root in the run's container, which has no host paths: fetches the run's inputs and source from the object
store (presigned URLs on a root-only secret file, never in argv or the environment), unpacks them read-only to the
kernel, runs the kernel command as uid 1000 with no capabilities, no new privileges and no network but its own
loopback, then uploads /kaggle/working and /kaggle/.platform as tars and a result, and exits with the kernel's status.

    python3 stage.py SECRET_FILE -- COMMAND...        (as root, the container's command)
    python3 stage.py --enter -- COMMAND...            (internal: inside the kernel's network namespace)
"""
import fcntl
import http.client
import json
import os
import signal
import socket
import stat
import struct
import subprocess
import sys
import tarfile
import threading
import urllib.parse
import urllib.request

KERNEL_UID = 1000
WORKING = '/kaggle/working'
PLATFORM = '/kaggle/.platform'
FULL_BELOW_BYTES = 256 * 1024
STAGED_ROOTS = ('kaggle/input', 'kaggle/src')
STAGED_PREFIXES = tuple(root + '/' for root in STAGED_ROOTS)


def main(argv):
    if argv[:2] == ['--enter', '--']:
        enter(argv[2:])
    secret_file, separator, command = argv[0], argv[1], argv[2:]
    if separator != '--' or not command:
        sys.exit('usage: stage.py SECRET_FILE -- COMMAND...')
    with open(secret_file) as f:
        staging = json.load(f)
    result = {'exitCode': None, 'oomKilled': False, 'workingFull': False, 'platformFull': False}
    try:
        if staging.get('input'):
            fetch_inputs(staging['input'])
        prepare_mounts()
    except Exception as e:  # the platform's fault: reported as such, never as the kernel's
        result['stagingError'] = 'the run could not be staged on its node: %s' % e
        put_json(staging['result'], result)
        sys.exit(125)
    oom_before = oom_kills()
    code = run_kernel(command, float(staging.get('graceSeconds', 10)), staging.get('stop'))
    result['exitCode'] = code
    result['oomKilled'] = oom_kills() > oom_before
    result['workingFull'] = is_full(WORKING)
    result['platformFull'] = is_full(PLATFORM)
    try:
        if not result['workingFull']:
            put_tar(staging['working'], WORKING)
        if not result['platformFull']:
            put_tar(staging['platform'], PLATFORM)
    except Exception as e:
        result['stagingError'] = 'the outputs could not be uploaded from the node: %s' % e
    put_json(staging['result'], result)
    sys.exit(code)


def enter(command):
    """Inside the new network namespace, still root: loopback up, then become the kernel user with nothing."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    request = struct.pack('16sH14s', b'lo', 0, b'')
    flags = struct.unpack('16sH14s', fcntl.ioctl(sock, 0x8913, request))[1]  # SIOCGIFFLAGS
    fcntl.ioctl(sock, 0x8914, struct.pack('16sH14s', b'lo', flags | 0x1, b''))  # SIOCSIFFLAGS |= IFF_UP
    sock.close()
    os.execvp('setpriv', ['setpriv', '--reuid', str(KERNEL_UID), '--regid', str(KERNEL_UID), '--clear-groups',
                          '--no-new-privs', '--inh-caps=-all', '--bounding-set=-all', '--'] + command)


def fetch_inputs(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        with tarfile.open(fileobj=response, mode='r|', encoding='utf-8', errors='surrogateescape') as tar:
            for member in tar:
                name = member.name
                if name in STAGED_ROOTS:
                    continue  # the mount points themselves
                if (name.startswith('/') or '..' in name.split('/') or not name.startswith(STAGED_PREFIXES)
                        or not (member.isfile() or member.isdir())):
                    raise ValueError('unexpected entry in the staged inputs: %r' % name)
                member.uid = member.gid = 0
                member.mode = 0o755 if member.isdir() or member.mode & 0o111 else 0o644
                tar.extract(member, '/', set_attrs=True)


def prepare_mounts():
    """Inputs and source read-only (also at /input, bound before the remount: a bind does not inherit read-only);
    /working as the local engine has it; the kernel's folders its own."""
    for path in ('/kaggle/input', '/kaggle/src'):
        os.chmod(path, 0o755)
    subprocess.run(['mount', '--bind', '/kaggle/input', '/input'], check=True)
    for path in ('/kaggle/input', '/input', '/kaggle/src'):
        subprocess.run(['mount', '-o', 'remount,ro,bind', path], check=True)
    for path in (WORKING, PLATFORM):
        os.chmod(path, 0o755)  # before chown: changing the mode of the kernel's folder would need CAP_FOWNER
        os.chown(path, KERNEL_UID, KERNEL_UID)
    subprocess.run(['mount', '--bind', WORKING, '/working'], check=True)


def run_kernel(command, grace, stop_url):
    env = dict(os.environ)
    kernel = subprocess.Popen(['unshare', '--net', '--', sys.executable, os.path.abspath(__file__), '--enter', '--']
                              + command, cwd=WORKING, env=env, start_new_session=True)
    stopping = threading.Event()

    def stop(*_):
        if not stopping.is_set():
            stopping.set()
            kill_group(kernel.pid, signal.SIGTERM)
            threading.Timer(grace, kill_group, (kernel.pid, signal.SIGKILL)).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if stop_url:
        threading.Thread(target=watch_stop, args=(stop_url, stop, stopping), daemon=True).start()
    while True:
        try:
            code = kernel.wait()
            break
        except InterruptedError:
            continue
    kill_group(kernel.pid, signal.SIGKILL)  # what the kernel left running must not change its outputs
    return 128 - code if code < 0 else code


def watch_stop(url, stop, stopping):
    """The engine asks for a stop (deadline, cancel) by putting the run's stop object: a swarm cannot signal a job's
    task (removing its service leaves the container running), and the engine reaches the node only through the store."""
    while not stopping.is_set():
        try:
            with urllib.request.urlopen(url, timeout=10):
                stop()
                return
        except Exception:  # 404 until the engine asks; the store briefly out of reach is retried
            pass
        stopping.wait(1)


def kill_group(pid, sig):
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass


def oom_kills():
    """OOM kills in this container's memory cgroup (v2 memory.events, v1 memory.oom_control)."""
    for path in ('/sys/fs/cgroup/memory.events', '/sys/fs/cgroup/memory/memory.oom_control'):
        try:
            with open(path) as f:
                for line in f:
                    key, _, value = line.partition(' ')
                    if key == 'oom_kill':
                        return int(value)
        except OSError:
            continue
    return 0


def is_full(path):
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize < FULL_BELOW_BYTES


def entries(root):
    """Every directory, regular file and symlink under root (never followed), names as the raw bytes they are."""
    for directory, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(dirs) + sorted(files):
            path = os.path.join(directory, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISDIR(mode) or stat.S_ISREG(mode) or stat.S_ISLNK(mode):
                yield path, os.path.relpath(path, root)


def write_tar(root, sink):
    with tarfile.open(fileobj=sink, mode='w|', format=tarfile.GNU_FORMAT, encoding='utf-8',
                      errors='surrogateescape') as tar:
        for path, name in entries(root):
            info = tar.gettarinfo(path, arcname=name)
            info.uid = info.gid = 0
            info.uname = info.gname = ''
            if info.isreg():
                with open(path, 'rb') as f:
                    tar.addfile(info, f)
            else:
                tar.addfile(info)


class Counter:
    def __init__(self):
        self.size = 0

    def write(self, data):
        self.size += len(data)
        return len(data)


class Upload:
    def __init__(self, connection):
        self.connection = connection

    def write(self, data):
        self.connection.send(data)
        return len(data)


def put(url, length, body):
    """PUT to a presigned URL: a single request, so its length is known first."""
    target = urllib.parse.urlsplit(url)
    connection_type = http.client.HTTPSConnection if target.scheme == 'https' else http.client.HTTPConnection
    connection = connection_type(target.netloc, timeout=120)
    connection.putrequest('PUT', target.path + ('?' + target.query if target.query else ''), skip_accept_encoding=True)
    connection.putheader('Content-Length', str(length))
    connection.endheaders()
    body(connection)
    response = connection.getresponse()
    response.read()
    if response.status // 100 != 2:
        raise OSError('upload refused with HTTP %d' % response.status)


def put_tar(url, root):
    counter = Counter()
    write_tar(root, counter)  # two passes: the length, then the bytes, never held whole
    put(url, counter.size, lambda connection: write_tar(root, Upload(connection)))


def put_json(url, value):
    data = json.dumps(value).encode()
    put(url, len(data), lambda connection: connection.send(data))


if __name__ == '__main__':
    main(sys.argv[1:])
