"""Kernelforge notebook runner: runs inside the kernel container (read-only at /kaggle/.runner).

Executes a notebook top to bottom with nbclient, in /kaggle/working, on the Jupyter kernel of its language
(--language: python3 for python; for r the notebook's kernelspec when it names an installed R kernel, else
IRkernel's ir). Stops at the first cell that
raises, keeping the cells that ran, their outputs and the error (as papermill does). In every
case writes the executed notebook and its HTML rendering. Cell output is echoed to stdout/stderr
so the run's log shows it live. When a cell raises, writes what failed and where (the exception,
the cell counted from 1 over all cells, the line within the cell) as JSON to --failure.
Exit code: 0 when every cell ran, 1 when a cell failed or the kernel died, 2 when the notebook
could not be read.
"""
import argparse
import json
import os
import re
import sys
import traceback
import uuid
import warnings

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


ANSI_CODES = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# IPython names the failing cell's frame "Cell In [3], line 4" (8.x) or "Input In [3], in <cell line: 4>()" (8.0-8.4)
CELL_FRAME = re.compile(r"^(?:Cell In ?\[(\d+)\], line (\d+)|Input In ?\[(\d+)\], in <cell line: (\d+)>)", re.MULTILINE)


def read_normalised(path):
    """The notebook with every cell given an id, so that nbformat warns about nothing in the user's log."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nb = nbformat.read(path, as_version=4)
        if nb.nbformat_minor < 5:
            nb.nbformat_minor = 5
        for cell in nb.cells:
            if not cell.get("id"):
                cell["id"] = uuid.uuid4().hex[:8]
    return nb


def failing_cell(nb):
    """(number counted from 1, cell, error output) of the first cell with an error output, or None."""
    for number, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return number, cell, output
    return None


def line_in_cell(cell, error):
    """The line of the failing cell where its statement raised, read from IPython's traceback."""
    text = ANSI_CODES.sub("", "\n".join(error.get("traceback", [])))
    text = text.split("Traceback (most recent call last)")[-1]  # the last of chained exceptions
    for match in CELL_FRAME.finditer(text):
        count = match.group(1) or match.group(3)
        line = match.group(2) or match.group(4)
        if cell.get("execution_count") is None or int(count) == cell.get("execution_count"):
            return int(line)
    return None


DEFAULT_KERNELS = {"python": "python3", "r": "ir"}


def kernel_for(nb, language):
    """The Jupyter kernel that runs the notebook: python3, or for R the notebook's own R kernelspec if installed."""
    if language == "r":
        name = (nb.metadata.get("kernelspec") or {}).get("name")
        if name:
            from jupyter_client.kernelspec import KernelSpecManager
            spec = KernelSpecManager().get_all_specs().get(name)
            if spec and str(spec.get("spec", {}).get("language", "")).lower() == "r":
                return name
    return DEFAULT_KERNELS[language]


# IRkernel's evalue is R's own text of the error: "Error in f(a): bad value\n" or "Error: bad value\n"
R_ERROR_TEXT = re.compile(r"""^Error(?: in (?:"[^"\n]*"|'[^'\n]*'|[^"'\n])*?)?\s*:\s*""")


def error_type_and_message(error, language):
    """The exception's name and message; IRkernel names every R error 'ERROR' and repeats R's 'Error in ...:'."""
    name, message = error.get("ename", ""), error.get("evalue", "")
    if language == "r" and name == "ERROR":
        return "Error", R_ERROR_TEXT.sub("", message, count=1).strip()
    return name, message


def write_failure(nb, path, language):
    found = failing_cell(nb)
    if not path or found is None:
        return
    number, cell, error = found
    kind, message = error_type_and_message(error, language)
    failure = {"type": kind, "message": message, "cell": number, "cell_id": cell.get("id")}
    line = line_in_cell(cell, error)
    if line is not None:
        failure["line"] = line
    with open(path, "w", encoding="utf-8") as f:
        json.dump(failure, f)


def write_results(nb, output_path, html_path):
    os.makedirs(os.path.dirname(output_path) or ".", exist_ok=True)
    nbformat.write(nb, output_path)
    if html_path:
        try:
            from nbconvert import HTMLExporter
            templates = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")
            exporter = HTMLExporter(extra_template_basedirs=[templates], template_name="kernelforge")
            body, _ = exporter.from_notebook_node(nb)
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
    parser.add_argument("--failure", help="where to write what failed, as JSON, when a cell raises")
    parser.add_argument("--cwd", default="/kaggle/working")
    parser.add_argument("--language", choices=sorted(DEFAULT_KERNELS), default="python")
    parser.add_argument("--kernel", help="the Jupyter kernel (default: the language's, see kernel_for)")
    parser.add_argument("--cell-timeout", type=int, default=None, help="seconds per cell (default: none)")
    args = parser.parse_args()

    try:
        nb = read_normalised(args.notebook)
    except Exception:
        print("[kernelforge] could not read the notebook " + args.notebook, file=sys.stderr)
        traceback.print_exc()
        return 2

    client = EchoingClient(nb, timeout=args.cell_timeout, kernel_name=args.kernel or kernel_for(nb, args.language),
                           resources={"metadata": {"path": args.cwd}}, allow_errors=False)
    failed = False
    try:
        client.execute()
    except CellExecutionError:
        failed = True  # the error is already in the failing cell's outputs
        write_failure(nb, args.failure, args.language)
    except Exception:
        failed = True  # e.g. DeadKernelError when the kernel was killed (out of memory)
        print("[kernelforge] the notebook kernel stopped:", file=sys.stderr)
        traceback.print_exc()
    finally:
        write_results(nb, args.output, args.html)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
