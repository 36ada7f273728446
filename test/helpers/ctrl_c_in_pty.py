"""Runs a command as a user's shell would in a terminal: in a new session whose controlling terminal is a
pseudo-terminal, which is also its stdin, stdout and stderr (so a COMMAND it starts inherits the terminal). Once the
output shows "ready", types Ctrl-C on that terminal (the kernel sends SIGINT to the terminal's foreground process
group), then reads until the command exits.

Prints one JSON line: {"exit": code, "output": text}. Usage: ctrl_c_in_pty.py COMMAND [ARG...]
"""
import json
import os
import select
import sys
import time


def main(argv):
    pid, master = os.forkpty()
    if pid == 0:
        os.execvp(argv[0], argv)
    output, typed, deadline = b"", False, time.time() + 20
    while time.time() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: every process has closed the terminal
                break
            if not data:
                break
            output += data
        if not typed and b"ready" in output:
            os.write(master, b"\x03")
            typed = True
    else:
        os.kill(pid, 9)  # still running after 20 s: the test fails on its output, never hangs
    _, status = os.waitpid(pid, 0)
    print(json.dumps({"exit": os.waitstatus_to_exitcode(status), "output": output.decode("utf-8", "replace")}))


main(sys.argv[1:])
