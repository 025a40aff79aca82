"""Run a command with its output thrown away and print what it cost, from the kernel's own
accounting (wait4), finer than /usr/bin/time's hundredths:
wall_ns user_s sys_s maxrss_kib voluntary_switches involuntary_switches

    python3 benches/support/measure.py CMD [ARGS...]
"""
import os
import sys
import time

start = time.monotonic_ns()
pid = os.fork()
if pid == 0:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
wall = time.monotonic_ns() - start
if os.waitstatus_to_exitcode(status) != 0:
    sys.exit(f"{' '.join(sys.argv[1:])}: exit status {os.waitstatus_to_exitcode(status)}")
print(wall, f"{usage.ru_utime:.6f}", f"{usage.ru_stime:.6f}", usage.ru_maxrss, usage.ru_nvcsw, usage.ru_nivcsw)
