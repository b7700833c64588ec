#!/usr/bin/python3
"""Runs code in a Kernelforge interactive session the way a Jupyter client does, with the Jupyter client
libraries Debian packages (apt-get install python3-jupyter-client python3-websocket):

    /usr/bin/python3 jupyter_session.py http://localhost:8080/jupyter/ API_KEY owner/slug 'print(6 * 7)'

It starts a kernel with the inputs of the kernel owner/slug (POST api/kernels), opens its channels WebSocket, asks
for kernel_info until the kernel answers, sends an execute_request built by jupyter_client's Session, prints what
the kernel streams, and shuts the kernel down. Pass "-" as owner/slug for a kernel with no inputs. Exit status 0 when the code ran without error.
"""
import json
import sys
import time
import urllib.request
import uuid

import websocket
from jupyter_client.jsonutil import json_default
from jupyter_client.session import Session


def call(method, url, token, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": "token " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        text = response.read().decode()
        return json.loads(text) if text else None


def wait_for_kernel_info(ws, session, longest=120.0, every=1.0):
    """Asks for kernel_info until the kernel answers, as jupyter_client's wait_for_ready and JupyterLab do: a message
    sent as the WebSocket opens can be lost on the way (Jupyter Server 1.x in gateway mode drops what a client sends
    before it has begun connecting to the gateway), and a kernel_info_reply shows the path to the kernel is open."""
    deadline = time.monotonic() + longest
    ws.settimeout(every)
    try:
        while time.monotonic() < deadline:
            request = session.msg("kernel_info_request", {})
            request["channel"] = "shell"
            ws.send(json.dumps(request, default=json_default))
            asked = time.monotonic()
            while time.monotonic() - asked < every:
                try:
                    message = json.loads(ws.recv())
                except websocket.WebSocketTimeoutException:
                    break
                if message.get("msg_type", message.get("header", {}).get("msg_type")) == "kernel_info_reply":
                    return
        raise SystemExit("the kernel did not answer kernel_info_request within %d s" % longest)
    finally:
        ws.settimeout(120)


def main(base, token, path, code):
    base = base if base.endswith("/") else base + "/"
    body = {"name": "python3"} if path == "-" else {"name": "python3", "path": path}
    kernel = call("POST", base + "api/kernels", token, body)
    print("kernel", kernel["id"], "on", kernel.get("kernelforge", {}).get("kernel"), file=sys.stderr)
    ws_url = base.replace("http", "ws", 1) + "api/kernels/%s/channels?session_id=%s" % (kernel["id"], uuid.uuid4())
    ws = websocket.create_connection(ws_url, header=["Authorization: token " + token], timeout=120)
    session = Session(username="jupyter-client", key=b"")
    try:
        wait_for_kernel_info(ws, session)
        request = session.msg("execute_request", {"code": code, "silent": False, "store_history": True,
                                                  "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        request["channel"] = "shell"
        ws.send(json.dumps(request, default=json_default))
        msg_id = request["header"]["msg_id"]
        status, idle = None, False
        while status is None or not idle:
            message = json.loads(ws.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["header"]["msg_type"], message["content"]
            if kind == "stream":
                sys.stdout.write(content["text"])
            elif kind == "execute_result":
                print(content["data"].get("text/plain", ""))
            elif kind == "error":
                print("\n".join(content["traceback"]), file=sys.stderr)
            elif kind == "execute_reply":
                status = content["status"]
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
        return 0 if status == "ok" else 1
    finally:
        ws.close()
        call("DELETE", base + "api/kernels/" + kernel["id"], token)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
