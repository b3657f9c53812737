"""No network in tests: any attempt to reach one fails the test (issue 13, guarantee 14).

:func:`block_network` replaces what Python reaches the network through (connecting,
sending or listening on an Internet socket, name lookups, ``create_connection``) with
versions that record the attempt and raise :class:`NetworkAttemptError`. Local ``AF_UNIX``
sockets stay allowed: they are how a process talks to itself or to the desktop (asyncio's
and multiprocessing's socket pairs, Qt's D-Bus), never to another machine. Making an
Internet socket is not refused, only using it: urllib3, which ``import spacy`` brings in
(for ``spacy download``, which we never call), makes one at import and binds it to ``::1``
to learn whether IPv6 exists; that sends nothing.

The :func:`offline` fixture blocks the test process; a subprocess started with
:func:`offline_env` blocks itself at start-up (``offline_site/sitecustomize.py``) and writes
each attempt to a file the test reads. Code below Python (Qt's C++, a C library) does not
go through these: :func:`inet_syscalls` runs a command under ``strace`` where there is one
and lists every Internet socket the process or its children opened.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

#: The one socket family that cannot leave the machine.
LOCAL_FAMILIES = frozenset({socket.AF_UNIX})
#: The variable naming the file a blocked subprocess writes its attempts to.
LOG_VARIABLE = "ANNOTATOR_TEST_NETWORK_LOG"
_SITE = Path(__file__).resolve().parent / "offline_site"
_TESTS = Path(__file__).resolve().parent


class NetworkAttemptError(AssertionError):
    """Code under test tried to reach the network."""


class Attempts:
    """What was tried, in order; ``also`` is told each attempt too (a log file)."""

    def __init__(self, also: Callable[[str], None] | None = None) -> None:
        self.seen: list[str] = []
        self._also = also

    def refuse(self, what: str) -> NoReturn:
        self.seen.append(what)
        if self._also is not None:
            self._also(what)
        raise NetworkAttemptError(f"the network was reached for: {what}")


def block_network(attempts: Attempts, setattr_: Callable[[Any, str, Any], None]) -> None:
    """Replace the socket module's ways out with ones that refuse (through ``setattr_``:
    ``monkeypatch.setattr`` in a test, plain ``setattr`` in a subprocess)."""
    original = socket.socket

    class GuardedSocket(original):  # type: ignore[misc,valid-type]
        """A socket that never sends: an Internet socket may be made (urllib3, which
        spaCy imports, makes one at import to learn whether IPv6 exists) and bound to this
        machine's loopback address, never connected, sent from or bound to the network."""

        def _outside(self, what: str, address: Any) -> None:
            if self.family not in LOCAL_FAMILIES:
                attempts.refuse(f"{what} {address!r}")

        def connect(self, address: Any) -> None:
            self._outside("connect to", address)
            super().connect(address)

        def connect_ex(self, address: Any) -> int:
            self._outside("connect to", address)
            return int(super().connect_ex(address))

        def sendto(self, data: Any, *args: Any) -> int:
            self._outside("send to", args[-1])
            return int(super().sendto(data, *args))

        def sendmsg(self, *args: Any) -> int:
            if len(args) > 3:
                self._outside("send to", args[3])
            return int(super().sendmsg(*args))

        def bind(self, address: Any) -> None:
            if not _loopback(address):
                self._outside("listen on", address)
            super().bind(address)

    def refusing(name: str) -> Callable[..., NoReturn]:
        def refuse(*args: Any, **_kwargs: Any) -> NoReturn:
            attempts.refuse(f"socket.{name}{args!r}")

        return refuse

    setattr_(socket, "socket", GuardedSocket)
    for name in (
        "create_connection",
        "create_server",
        "getaddrinfo",
        "gethostbyname",
        "gethostbyname_ex",
        "gethostbyaddr",
        "getnameinfo",
    ):
        setattr_(socket, name, refusing(name))


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[Attempts]:
    """The network blocked in this test's process; the test fails if anything tried it,
    even code that caught the error."""
    attempts = Attempts()
    block_network(attempts, monkeypatch.setattr)
    yield attempts
    assert attempts.seen == [], f"network attempts: {attempts.seen}"


def _loopback(address: Any) -> bool:
    host = address[0] if isinstance(address, tuple) else None
    return isinstance(host, str) and (host == "::1" or host.startswith("127."))


def offline_env(base: dict[str, str], log: Path) -> dict[str, str]:
    """``base`` for a subprocess that blocks the network in itself and writes each attempt
    to ``log`` (which it creates at start-up, so that the test knows the block was on)."""
    root = str(_TESTS.parent)
    path = [str(_SITE), str(_TESTS), root, base.get("PYTHONPATH", "")]
    return dict(base, PYTHONPATH=os.pathsep.join(p for p in path if p), **{LOG_VARIABLE: str(log)})


def inet_syscalls(argv: list[str], env: dict[str, str], trace: Path) -> list[str] | None:
    """Run ``argv`` under ``strace`` (following children) and return the lines where an
    Internet socket was connected, sent from, or bound to anything but loopback (as
    :func:`block_network` refuses); None where strace is missing or not allowed.

    Raises:
        AssertionError: The command failed.
    """
    strace = shutil.which("strace")
    if strace is None:
        return None
    probe = subprocess.run([strace, "-o", os.devnull, "true"], capture_output=True, check=False)
    if probe.returncode != 0:  # ptrace forbidden in this sandbox
        return None
    command = [
        strace,
        "-f",
        "--seccomp-bpf",
        "-qq",
        "-e",
        "trace=%network",
        "-e",
        "signal=none",
        "-o",
        str(trace),
    ]
    done = subprocess.run([*command, *argv], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    outward = re.compile(r"\b(connect|sendto|sendmsg|bind)\(.*sa_family=AF_INET6?\b")
    loopback = re.compile(r'inet_pton\(AF_INET6, "::1"|inet_addr\("127\.')
    return [
        line
        for line in trace.read_text().splitlines()
        if (found := outward.search(line))
        and not (found.group(1) == "bind" and loopback.search(line))
    ]
