"""Debian's Chromium, headless, driven over the DevTools protocol on a pipe (no driver, no download).

``--remote-debugging-pipe`` makes Chromium read protocol messages from file descriptor 3 and
write its answers to descriptor 4, each message JSON ended by a NUL byte. That is all the tests
need: open a page, run a script in it (axe-core), press a key, read a computed style.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("TYRESO_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--mute-audio",
    "--window-size=1280,1000",
    "--remote-debugging-pipe",
]


def _above_nine(descriptor: int) -> int:
    moved = fcntl.fcntl(descriptor, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(descriptor)
    return moved


class BrowserError(RuntimeError):
    """Chromium did not answer, or answered with an error."""


class Chromium:
    """One headless Chromium with one page (tab) attached."""

    def __init__(self, executable: str = CHROMIUM, timeout: float = 60.0) -> None:
        if shutil.which(executable) is None:
            raise BrowserError(
                f"Chromium saknas ({executable}). Installera Debianpaketet 'chromium' (make test gör det som administratör)."
            )
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="tyreso-chromium-")
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()
        # Move the child's ends above 9 so that placing them on 3 and 4 cannot overwrite one another.
        to_browser_read, from_browser_write = (_above_nine(fd) for fd in (to_browser_read, from_browser_write))
        # A small Python launcher puts the two pipe ends on descriptors 3 and 4, where Chromium looks for them.
        command = [
            sys.executable,
            "-c",
            "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); os.execv(sys.argv[3], sys.argv[3:])",
            str(to_browser_read),
            str(from_browser_write),
            shutil.which(executable),
            *FLAGS,
            f"--user-data-dir={self.profile}",
            "about:blank",
        ]
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=None if os.environ.get("TYRESO_CHROMIUM_LOG") else subprocess.DEVNULL,
            pass_fds=(to_browser_read, from_browser_write),
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable")
        self.call("Runtime.enable")

    # --- the protocol ------------------------------------------------------------------------------

    def _write(self, message: dict[str, Any]) -> None:
        data = json.dumps(message).encode() + b"\0"
        while data:
            written = os.write(self._to_browser, data)
            data = data[written:]

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise BrowserError("Chromium svarade inte i tid.")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserError("Chromium avslutades oväntat.")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        """Send one command and wait for its answer; events that arrive meanwhile are kept."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._write(message)
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._read(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            if "method" in answer:
                self._events.append(answer)

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """A command to the attached page."""
        return self.send(method, params, self.session)

    def wait_for(self, event: str) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while True:
            for index, message in enumerate(self._events):
                if message.get("method") == event and message.get("sessionId") == self.session:
                    del self._events[: index + 1]
                    return message.get("params", {})
            self._events.append(self._read(deadline))

    # --- what the tests use -----------------------------------------------------------------------

    def open(self, path: Path) -> None:
        """Load a local page and wait until it (with its stylesheets and scripts) has loaded."""
        self._events.clear()
        self.call("Page.navigate", {"url": path.resolve().as_uri()})
        self.wait_for("Page.loadEventFired")

    def open_url(self, url: str) -> None:
        """Load an address (a page with a query, say) and wait until it has loaded."""
        self._events.clear()
        self.call("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str, *, wait: bool = False) -> Any:
        """The value of a JavaScript expression in the page (a promise is awaited when ``wait``)."""
        result = self.call("Runtime.evaluate", {"expression": expression, "awaitPromise": wait, "returnByValue": True})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise BrowserError(f"JavaScript-fel: {details.get('exception', {}).get('description') or details.get('text')}")
        return result["result"].get("value")

    def view(self, width: int, *, dark: bool = False, height: int = 900) -> None:
        """Show pages at ``width`` CSS pixels (a phone's touch screen below 768), in the dark or light colour scheme
        the reader's system asks for; the next :meth:`open` loads the page so."""
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 768},
        )
        self.call("Emulation.setTouchEmulationEnabled", {"enabled": width < 768})
        scheme = "dark" if dark else "light"
        self.call("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})

    def screenshot(self, path: Path) -> None:
        """The page as shown, whole (for a person to look at)."""
        import base64

        shot = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
        path.write_bytes(base64.b64decode(shot["data"]))

    def press(self, key: str, code: str, key_code: int, *, shift: bool = False) -> None:
        """Press and release a key as a keyboard user does."""
        common = {
            "key": key,
            "code": code,
            "windowsVirtualKeyCode": key_code,
            "nativeVirtualKeyCode": key_code,
            "modifiers": 8 if shift else 0,
        }
        self.call("Input.dispatchKeyEvent", {"type": "rawKeyDown", **common})
        self.call("Input.dispatchKeyEvent", {"type": "keyUp", **common})

    def type_text(self, text: str) -> None:
        """Type text into the focused field, as the keyboard would (an input event per insertion)."""
        self.call("Input.insertText", {"text": text})

    def scripts(self, *, enabled: bool) -> None:
        """Run the pages' JavaScript or not (a reader whose browser has it turned off); the next :meth:`open` loads so."""
        self.call("Emulation.setScriptExecutionDisabled", {"value": not enabled})

    def close(self) -> None:
        with contextlib.suppress(BrowserError, OSError):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for descriptor in (self._to_browser, self._from_browser):
            with contextlib.suppress(OSError):
                os.close(descriptor)
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
