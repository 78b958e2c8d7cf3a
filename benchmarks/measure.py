"""Run one command in this process and print its peak memory: used by run.py as a child process."""

from __future__ import annotations

import json
import resource
import runpy
import sys


def main() -> None:
    module, *arguments = sys.argv[1:]
    sys.argv = [module, *arguments]
    status = 0
    try:
        runpy.run_module(module, run_name="__main__")
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print("MEASURE " + json.dumps({"status": status, "maxrss_kib": max(own, children)}), file=sys.stderr)
    sys.exit(status)


if __name__ == "__main__":
    main()
