"""Drive the installed `logbook` command in a real pseudo-terminal, as an assessor would."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import termios
import time
from pathlib import Path


class Terminal:
    def __init__(self, argv: list[str], env: dict, cols: int = 80, rows: int = 24):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
            close_fds=True,
        )  # fmt: skip
        os.close(slave)
        self.output = b""
        self.seen = 0  # what wait_for has already matched

    def read(self, seconds: float = 0.2) -> bytes:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], left)
            if not ready:
                break
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                break
            if not chunk:
                break
            self.output += chunk
        return self.output

    def wait_for(self, text: str, timeout: float = 20.0) -> None:
        """Wait until `text` is drawn after whatever the last wait_for found."""
        end = time.monotonic() + timeout
        while True:
            found = self.output.find(text.encode(), self.seen)
            if found >= 0:
                self.seen = found + len(text)
                return
            if time.monotonic() > end:
                break
            self.read(0.2)
        raise AssertionError(f"{text!r} never appeared on the screen")

    def wait_on_screen(self, text: str, timeout: float = 20.0) -> None:
        """Wait until a line of the screen as it is now shows `text` (drawn in pieces, as
        Textual redraws only what changed: `wait_for` cannot see it in the bytes)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if any(text in line for line in self.screen().display):
                return
            self.read(0.2)
        shown = "\n".join(self.screen().display)
        raise AssertionError(f"{text!r} is not on the screen:\n{shown}")

    def wait_gone(self, text: str, timeout: float = 20.0) -> None:
        """Wait until no line of the screen shows `text` (a question answered, a screen left):
        a key sent before the app has acted on the last one may reach the wrong screen."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if not any(text in line for line in self.screen().display):
                return
            self.read(0.2)
        shown = "\n".join(self.screen().display)
        raise AssertionError(f"{text!r} is still on the screen:\n{shown}")

    def type(self, keys: str, pause: float = 0.05) -> None:
        for key in keys:
            os.write(self.master, key.encode())
            time.sleep(pause)
            self.read(0.01)

    def press(self, key: str, settle: float = 0.4) -> None:
        os.write(self.master, key.encode())
        self.read(settle)

    def screen(self, cols: int = 80, rows: int = 24):
        """What the terminal shows now: everything the app wrote, played through `pyte`, a
        terminal emulator (each cell's character, colours, bold, reverse, underline)."""
        import pyte

        screen = pyte.Screen(cols, rows)
        pyte.ByteStream(screen).feed(self.output)
        return screen

    def close(self) -> int:
        try:
            return self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            return self.process.wait()
        finally:
            os.close(self.master)


def logbook_command() -> Path:
    import sys

    return Path(sys.executable).parent / "logbook"


def exported_records(command: str, data: Path, env: dict, name: str = "Priya Shah") -> list[dict]:
    """The records of one candidate as `logbook export` gives them, run as its own process."""
    exported = subprocess.run(
        [command, "--data-dir", str(data), "export", name],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    return json.loads(exported.stdout)["logbooks"][0]["records"]
