"""Run a command; write its wall time (s), CPU time (s) and peak memory (KiB), children included, to a file.

Usage: python measure.py OUT COMMAND...  The benchmark starts its builds through this small process:
Linux keeps a process's memory high-water mark across exec, so a build started directly from the
large benchmark process would report at least the benchmark's own memory as its peak.
"""

import resource
import subprocess
import sys
import time


def main() -> int:
    out, command = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    proc = subprocess.Popen(command)
    while True:
        try:
            code = proc.wait()
            break
        except KeyboardInterrupt:  # Ctrl+C reached the command as well (same process group): let it stop
            continue
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out, "w", encoding="utf-8") as file:
        file.write(f"{seconds} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}\n")
    return code


if __name__ == "__main__":
    sys.exit(main())
