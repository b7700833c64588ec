#!/usr/bin/env bash
# What a Unix socket would save over the container's attach stream, the way a session's relay is reached today: one
# container of the runtime image echoes lines on its stdin/stdout (reached through `docker run -i`: client -> dockerd
# -> containerd-shim -> process) and on a Unix socket in a bind-mounted folder (reached directly), N round trips of a
# 600-byte line each, alternated, with the load average beside them. No kernel and no server: the transport alone.
#
#   src/bench/session-transport-benchmark.sh [N]     N defaults to 300
set -euo pipefail
source "$(dirname "$0")/../../deploy/lib/common.sh"

n="${1:-300}"
image="${KF_RUNTIME_IMAGE:-kernelforge/python-runtime:latest}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
chmod 777 "$dir"
kf_log "measuring the attach stream against a Unix socket: $n round trips"
python3 - "$n" "$image" "$dir" <<'PY'
import os, socket, statistics, subprocess, sys, time

n, image, folder = int(sys.argv[1]), sys.argv[2], sys.argv[3]
echo = r'''
import os, socket, sys, threading
def serve():
    s = socket.socket(socket.AF_UNIX); s.bind("/sock/echo.sock"); os.chmod("/sock/echo.sock", 0o777); s.listen(1)
    c, _ = s.accept()
    for line in c.makefile("rb"): c.sendall(line)
threading.Thread(target=serve, daemon=True).start()
out = os.fdopen(1, "wb", buffering=0)
for line in sys.stdin.buffer: out.write(line)
'''
p = subprocess.Popen(["docker", "run", "--rm", "-i", "--network", "none", "-u", "1000", "-v", folder + ":/sock", image,
                      "python3", "-c", echo], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
path = os.path.join(folder, "echo.sock")
for _ in range(600):
    if os.path.exists(path):
        break
    time.sleep(0.1)
time.sleep(0.5)
s = socket.socket(socket.AF_UNIX)
s.connect(path)
f = s.makefile("rb")
line = b'{"channel":"shell","content":{"code":"1+1"},"pad":"' + b"x" * 600 + b'"}\n'
attach, unix = [], []
for i in range(n + 20):
    t = time.perf_counter(); p.stdin.write(line); p.stdin.flush(); got = p.stdout.readline(); a = time.perf_counter() - t
    if got != line:
        sys.exit("the attach stream answered %r" % got[:80])
    t = time.perf_counter(); s.sendall(line); got = f.readline(); u = time.perf_counter() - t
    if got != line:
        sys.exit("the socket answered %r" % got[:80])
    if i >= 20:
        attach.append(a * 1000); unix.append(u * 1000)
p99 = lambda v: sorted(v)[min(len(v) - 1, int(len(v) * 0.99))]
print("echo round trip, %d alternated, load average %s" % (n, open("/proc/loadavg").read().split()[0]))
print("  attach stream (docker CLI -> dockerd -> shim -> process)  median %6.2f ms  p99 %7.2f ms" % (statistics.median(attach), p99(attach)))
print("  Unix socket in a bind-mounted folder                      median %6.2f ms  p99 %7.2f ms" % (statistics.median(unix), p99(unix)))
p.stdin.close(); s.close(); p.wait()
PY
