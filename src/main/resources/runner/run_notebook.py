"""Kernelforge notebook runner: runs inside the kernel container (read-only at /kaggle/.runner).

Executes a notebook top to bottom with nbclient, in /kaggle/working. Stops at the first cell that
raises, keeping the cells that ran, their outputs and the error (as papermill does). In every
case writes the executed notebook and its HTML rendering. Cell output is echoed to stdout/stderr
so the run's log shows it live. Exit code: 0 when every cell ran, 1 when a cell failed or the
kernel died, 2 when the notebook could not be read.
"""
import argparse
import os
import sys
import traceback

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


class EchoingClient(NotebookClient):
    """Echoes stream outputs and errors of cells to the container's log as they arrive."""

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        kind = msg.get("msg_type")
        if kind == "stream":
            target = sys.stderr if content.get("name") == "stderr" else sys.stdout
            target.write(content.get("text", ""))
            target.flush()
        elif kind == "error":
            sys.stderr.write("\n".join(content.get("traceback", [])) + "\n")
            sys.stderr.flush()
        return super().output(outs, msg, display_id, cell_index)


def write_results(nb, output_path, html_path):
    os.makedirs(os.path.dirname(output_path) or ".", exist_ok=True)
    nbformat.write(nb, output_path)
    if html_path:
        try:
            from nbconvert import HTMLExporter
            body, _ = HTMLExporter().from_notebook_node(nb)
            with open(html_path, "w", encoding="utf-8") as f:
                f.write(body)
        except Exception:  # the executed notebook is already safe; say why there is no HTML
            print("[kernelforge] could not render the notebook to HTML:", file=sys.stderr)
            traceback.print_exc()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("notebook")
    parser.add_argument("--output", required=True, help="where to write the executed notebook")
    parser.add_argument("--html", help="where to write the HTML rendering")
    parser.add_argument("--cwd", default="/kaggle/working")
    parser.add_argument("--kernel", default="python3")
    parser.add_argument("--cell-timeout", type=int, default=None, help="seconds per cell (default: none)")
    args = parser.parse_args()

    try:
        nb = nbformat.read(args.notebook, as_version=4)
    except Exception:
        print("[kernelforge] could not read the notebook " + args.notebook, file=sys.stderr)
        traceback.print_exc()
        return 2

    client = EchoingClient(nb, timeout=args.cell_timeout, kernel_name=args.kernel,
                           resources={"metadata": {"path": args.cwd}}, allow_errors=False)
    failed = False
    try:
        client.execute()
    except CellExecutionError:
        failed = True  # the error is already in the failing cell's outputs
    except Exception:
        failed = True  # e.g. DeadKernelError when the kernel was killed (out of memory)
        print("[kernelforge] the notebook kernel stopped:", file=sys.stderr)
        traceback.print_exc()
    finally:
        write_results(nb, args.output, args.html)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
