"""Runs a command the way an SDK runs credential_process from a user's shell: stdout and stderr are pipes, and the
process has a controlling terminal (a pseudo-terminal here) it can open as /dev/tty.

Prints one JSON line per event on stdout, flushed at once: {"tty": text} for what the command wrote on the terminal,
then {"exit": code, "stdout": text, "stderr": text}. What arrives on this helper's own stdin is typed on the terminal
(the command reads it from /dev/tty, its stdin staying /dev/null). Usage: run_with_tty.py COMMAND [ARG...]
"""
import fcntl
import json
import os
import select
import sys
import termios


def emit(event):
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def main(argv):
    master, slave = os.openpty()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        for fd in (master, slave, out_r, out_w, err_r, err_w, devnull):
            os.close(fd)
        os.execvp(argv[0], argv)
    # The slave stays open here too: with no process holding it, reading the master fails (EIO) and hangs the child up.
    os.close(out_w)
    os.close(err_w)
    chunks = {out_r: b"", err_r: b""}
    open_pipes = {out_r, err_r}
    typing = [0]  # our stdin, until it ends
    while open_pipes:
        ready, _, _ = select.select([master, *open_pipes, *typing], [], [])
        for fd in ready:
            data = os.read(fd, 65536)
            if fd == 0:
                if data:
                    os.write(master, data)
                else:
                    typing = []
            elif fd == master:
                emit({"tty": data.decode("utf-8", "replace")})
            elif data:
                chunks[fd] += data
            else:
                open_pipes.discard(fd)
                os.close(fd)
    # The command has closed its output: take what is left on the terminal without waiting for more.
    while select.select([master], [], [], 0.05)[0]:
        emit({"tty": os.read(master, 65536).decode("utf-8", "replace")})
    _, status = os.waitpid(pid, 0)
    emit({"exit": os.waitstatus_to_exitcode(status), "stdout": chunks[out_r].decode(), "stderr": chunks[err_r].decode()})


main(sys.argv[1:])
