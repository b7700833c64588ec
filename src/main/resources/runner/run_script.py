"""Kernelforge script runner: runs inside the kernel container (read-only at /kaggle/.runner).

Runs a Python script as `python3 script.py` would (as __main__, its folder first on sys.path), and
when it raises, prints the traceback without this runner's frames and writes what failed and where
(the exception and the last line of the script in its traceback) as JSON to --failure.
The exit code is the script's: 1 for an uncaught exception, the code given to sys.exit otherwise.
"""
import json
import os
import runpy
import sys
import traceback


def user_frames(tb, script):
    """The traceback from the script's own first frame on (the runner's frames dropped)."""
    while tb is not None and tb.tb_frame.f_code.co_filename != script:
        tb = tb.tb_next
    return tb


def last_line_in_script(error, tb, script):
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == script:
            line = tb.tb_lineno
        tb = tb.tb_next
    if line is None and isinstance(error, SyntaxError) and error.filename == script:
        line = error.lineno
    return line


def write_failure(path, error, line):
    failure = {"type": type(error).__name__, "message": str(error)}
    if line is not None:
        failure["line"] = line
    with open(path, "w", encoding="utf-8") as f:
        json.dump(failure, f)


def main():
    if len(sys.argv) != 4 or sys.argv[2] != "--failure":
        print("usage: run_script.py SCRIPT --failure FILE", file=sys.stderr)
        return 2
    script, failure_path = os.path.abspath(sys.argv[1]), sys.argv[3]
    sys.argv = [script]
    sys.path[0] = os.path.dirname(script)
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit:
        raise
    except BaseException as error:  # noqa: B902 - KeyboardInterrupt is reported the same way
        tb = user_frames(error.__traceback__, script)
        traceback.print_exception(type(error), error, tb)
        sys.stderr.flush()
        write_failure(failure_path, error, last_line_in_script(error, error.__traceback__, script))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
