"""Offline by construction (issue 13, guarantee 14): the main flows run with the network
blocked and fail on any attempt, and the package holds no code that fetches.

The window's part is in ``tests/ui/test_offline_window.py``.
"""

from __future__ import annotations

import ast
import json
import os
import re
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from document_files import pdf_file, word_file
from offline import Attempts, NetworkAttemptError, inet_syscalls, offline, offline_env
from project_files import annotator_file
from suggest_pages import EVAL_CORPUS

import annotator
from annotator.cli import main
from annotator.core.model import DocStatus
from annotator.formats.base import Split
from annotator.services.importing import ImportOptions
from annotator.services.project import Project
from annotator.settings import Settings, SettingsStore

__all__ = ["offline"]  # the fixture, used by name

PACKAGE = Path(annotator.__file__).resolve().parent
RESOURCES = PACKAGE.parent / "resources"
ALICE = ImportOptions(default_annotator="alice", create_labels=True)


def test_the_block_refuses_every_way_out_and_keeps_local_sockets(offline: Attempts) -> None:
    """The fixture's own check: without it, the flows below would prove nothing."""
    internet = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    tries: list[Callable[[], object]] = [
        lambda: socket.create_connection(("127.0.0.1", 9), timeout=1),
        lambda: socket.getaddrinfo("localhost", 9),
        lambda: urllib.request.urlopen("http://127.0.0.1:9/", timeout=1),
        lambda: internet.connect(("127.0.0.1", 9)),
        lambda: internet.sendto(b"x", ("127.0.0.1", 9)),
        lambda: internet.bind(("0.0.0.0", 0)),
    ]
    for attempt in tries:
        with pytest.raises(NetworkAttemptError):
            attempt()
    assert len(offline.seen) == len(tries)
    offline.seen.clear()
    internet.bind(("127.0.0.1", 0))  # this machine only: what urllib3's import does
    internet.close()
    left, right = socket.socketpair()  # local: how a process talks to itself
    with left, right:
        left.sendall(b"ok")
        assert right.recv(2) == b"ok"


@pytest.mark.slow
def test_import_label_export_merge_agreement_and_suggest_stay_offline(
    offline: Attempts, tmp_path: Path
) -> None:
    inputs = _input_files(tmp_path / "in")
    project = Project.open(tmp_path / "team.annotator", "alice")
    try:
        report = project.importer.import_paths(sorted(inputs.iterdir()), ALICE)
        assert report.ok, report.errors
        _label(project)
        written = _export_everything(project, tmp_path / "out")
        again = Project.open(tmp_path / "again.annotator", "bob")
        try:  # what was exported reads back, through every reader
            readable = [p for p in written if project.registry.reader_for(p) is not None]
            assert project.registry.reader_for(tmp_path / "out" / "all.spacy") is not None
            read = again.importer.import_paths(readable, ALICE)
            assert read.ok, read.errors
        finally:
            again.close()
        bob = annotator_file(tmp_path / "bob.annotator", "bob", [(0, "Claim", 0, 6, None)])
        assert project.merger.merge_paths([bob], own_layer="alice").ok
        project.agreement.compare(["alice", "bob"], "all")
        project.sharing.share(tmp_path / "copy.annotator")
    finally:
        project.close()
    SettingsStore().save(Settings(annotator_name="alice"))
    pages = _eval_project(tmp_path / "pages.annotator")
    out = tmp_path / "suggested.jsonl"
    assert main(["suggest", str(pages), "-o", str(out)]) == 0  # the learned recommender
    assert any(json.loads(line)["spans"] for line in out.read_text("utf-8").splitlines())
    assert offline.seen == []


@pytest.mark.slow
def test_the_command_line_stays_offline(tmp_path: Path) -> None:
    """Each command in a process of its own, blocked by sitecustomize; where strace is
    allowed, the same commands are watched below Python too (compiled libraries)."""
    inputs = _input_files(tmp_path / "in")
    team, bob = tmp_path / "team.annotator", tmp_path / "bob.annotator"
    annotator_file(bob, "bob", [(0, "Claim", 0, 6, None)])
    pages = _eval_project(tmp_path / "pages.annotator")
    commands = [
        ["import", team, inputs, "--annotator", "alice"],
        ["merge", team, bob],
        ["export", team, "-o", tmp_path / "all.jsonl"],
        ["export", team, "-o", tmp_path / "all.spacy", "--format", "spacy"],
        ["export", team, "-o", tmp_path / "all.parquet", "--format", "parquet"],
        ["agreement", team, "--annotators", "alice", "bob"],
        ["suggest", pages, "--annotator", "alice", "-o", tmp_path / "suggested.jsonl"],
        ["share", team, tmp_path / "copy.annotator"],
    ]
    log = tmp_path / "network.log"
    env = offline_env(_user_env(tmp_path), log)
    script = tmp_path / "commands.py"
    script.write_text(
        "import sys\nfrom annotator.cli import main\n"
        f"for argv in {[[str(part) for part in command] for command in commands]!r}:\n"
        "    code = main(argv)\n"
        "    assert code in (0, 1), (argv, code)\n",  # agreement exits 1 on no done pages
        encoding="utf-8",
    )
    for command in commands[:2]:  # the real entry point, a process each
        done = subprocess.run(
            [sys.executable, "-m", "annotator", *map(str, command)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    team.unlink()
    inet = inet_syscalls([sys.executable, str(script)], env, tmp_path / "strace.txt")
    if inet is None:
        done = subprocess.run(
            [sys.executable, str(script)], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
    assert log.exists(), "the subprocess did not block its network"
    assert log.read_text("utf-8") == ""
    assert inet in (None, [])
    assert (tmp_path / "copy.annotator").stat().st_size > 0


def test_a_blocked_subprocess_reports_an_attempt(tmp_path: Path) -> None:
    """The sitecustomize's own check: an attempt is written down, not lost in the child."""
    log = tmp_path / "network.log"
    env = offline_env(dict(os.environ), log)
    code = "import urllib.request\ntry:\n urllib.request.urlopen('http://127.0.0.1:9/')\n"
    code += "except AssertionError:\n pass\n"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "create_connection" in log.read_text("utf-8")


def test_strace_sees_a_connection_made_below_python(tmp_path: Path) -> None:
    """What compiled code does (here: the C socket module, which the block does not
    replace) shows in the trace: the window's and the commands' traces would show it too."""
    code = "import _socket\ns = _socket.socket()\ns.connect_ex(('127.0.0.1', 9))\n"
    inet = inet_syscalls([sys.executable, "-c", code], dict(os.environ), tmp_path / "t.txt")
    if inet is None:
        pytest.skip("strace is not installed or not allowed here")
    assert len(inet) == 1 and "connect(" in inet[0] and '"127.0.0.1"' in inet[0]


# --- no code that fetches ----------------------------------------------------------------


#: Modules that reach the network, by the start of their dotted name.
NETWORK_MODULES = (
    "socket",
    "ssl",
    "http.client",
    "http.server",
    "urllib.request",
    "ftplib",
    "smtplib",
    "imaplib",
    "poplib",
    "xmlrpc",
    "webbrowser",
    "requests",
    "httpx",
    "urllib3",
    "aiohttp",
    "huggingface_hub",
    "PySide6.QtNetwork",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
)
#: Names that fetch, wherever they come from. ``openUrl`` is checked apart: it may open a
#: local folder in the file manager (``QUrl.fromLocalFile``), nothing else.
NETWORK_NAMES = frozenset({"QNetworkAccessManager", "QWebEngineView", "urlopen"})
#: Addresses in the package's code that are names, not places fetched: XML namespaces,
#: which identify a vocabulary and are never loaded.
NAMESPACES = frozenset(
    {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://schemas.openxmlformats.org/markup-compatibility/2006",
        "http://www.omg.org/XMI",
        "http://uima.apache.org/resourceSpecifier",
    }
)
#: UIMA's type namespaces: ``http:///`` and a package path, with no host to fetch from.
NO_HOST = "http:///"
ADDRESS = re.compile(r"""(?:https?|ftp|wss?)://[^\s"'<>)\]}`]*""")
IMPORTERS = frozenset({"import_module", "Requirement", "__import__"})


def _imported(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif (  # importlib.import_module("name"), and a Requirement("name", ...)
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) in IMPORTERS
        ):
            names.add(node.args[0].value)
    return names


def _opens_a_remote_address(node: ast.AST) -> bool:
    """A call of ``openUrl`` with anything but ``QUrl.fromLocalFile(...)``."""
    if not (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "openUrl"):
        return False
    [argument] = node.args
    local = isinstance(argument, ast.Call) and getattr(argument.func, "attr", None)
    return local != "fromLocalFile"


def test_the_package_holds_no_code_that_reaches_the_network() -> None:
    sources = sorted(PACKAGE.rglob("*.py"))
    assert len(sources) > 100
    found: list[str] = []
    for source in sources:
        tree = ast.parse(source.read_text("utf-8"))
        where = source.relative_to(PACKAGE)
        for name in _imported(tree):
            if any(name == bad or name.startswith(f"{bad}.") for bad in NETWORK_MODULES):
                found.append(f"{where} imports {name}")
        for node in ast.walk(tree):
            used = node.id if isinstance(node, ast.Name) else getattr(node, "attr", None)
            if used in NETWORK_NAMES:
                found.append(f"{where} uses {used}")
            if _opens_a_remote_address(node):
                found.append(f"{where}:{getattr(node, 'lineno', 0)} opens an address")
    assert found == []


def _strings_in_code(tree: ast.AST) -> Iterator[str]:
    """Every string constant but docstrings (comments are not in the tree either): what
    the program could use as an address, not what it says to people reading it."""
    documented = {
        id(body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and (body := node.body)
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in documented
        ):
            yield node.value


def test_no_address_in_the_package_or_its_resources_is_fetched() -> None:
    """Fonts, icons, style sheets, update checks, telemetry: no address in the code, and
    none at all in the files shipped beside it (sample pages, icons, styles)."""
    found: dict[str, set[str]] = {}
    sources = sorted(PACKAGE.rglob("*.py"))
    for source in sources:
        for text in _strings_in_code(ast.parse(source.read_text("utf-8"))):
            for address in ADDRESS.findall(text):
                if not address.startswith(NO_HOST) and address not in NAMESPACES:
                    found.setdefault(str(source.relative_to(PACKAGE)), set()).add(address)
    shipped = [p for p in [*PACKAGE.rglob("*"), *RESOURCES.rglob("*")] if p.is_file()]
    shipped = [p for p in shipped if p.suffix not in (".py", ".pyc")]
    assert len(sources) > 100 and len(shipped) > 5
    for path in shipped:
        text = path.read_bytes().decode("utf-8", errors="replace")
        if addresses := set(ADDRESS.findall(text)):
            found[str(path.relative_to(PACKAGE.parent))] = addresses
    assert found == {}


# --- the flows' pieces ---------------------------------------------------------------------


def _input_files(folder: Path) -> Path:
    """One file of each kind a reader takes that the tests can make."""
    folder.mkdir()
    (folder / "notes.txt").write_text("Prices rose five percent. I hate it.\n", "utf-8")
    records = [
        {
            "text": "The bridge opened in 1932.",
            "spans": [{"start": 4, "end": 10, "label": "Claim"}],
        },
        {"text": "Rain fell all day.", "spans": []},
    ]
    (folder / "pages.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8"
    )
    (folder / "page.html").write_text(
        '<html><head><link rel="stylesheet" href="https://cdn.example.org/site.css">'
        '<script src="https://example.org/track.js"></script></head><body>'
        '<img src="https://example.org/logo.png"><p>The council met on Monday.</p>'
        "</body></html>",
        encoding="utf-8",
    )
    (folder / "post.md").write_text(
        "# Post\n\n![logo](https://example.org/logo.png) The market moved.\n", "utf-8"
    )
    (folder / "letter.docx").write_bytes(word_file("The school roof was repaired."))
    (folder / "report.pdf").write_bytes(pdf_file(["The park got new trees."]))
    (folder / "table.csv").write_text("text\nVolunteers planted oaks.\n", "utf-8")
    return folder


def _label(project: Project) -> None:
    labels = {label.name: label.id for label in project.catalog.labels()}
    for summary in project.catalog.document_summaries(project.annotator_id)[:4]:
        project.annotation.add_span(summary.id, project.annotator_id, labels["Claim"], 0, 3)
        project.annotation.set_status(summary.id, project.annotator_id, DocStatus.DONE)


def _export_everything(project: Project, folder: Path) -> list[Path]:
    folder.mkdir()
    written: list[Path] = []
    for name, writer in project.registry.writers.items():
        if writer.requires is not None and not writer.requires.installed():
            continue  # an extra not installed here: nothing of it can run
        target = folder / (f"all{writer.extension}" if writer.extension else name)
        if name == "doccano":
            target = folder / "doccano.jsonl"
        written.append(project.exporter.export(target, name, "alice").path or target)
    project.exporter.export(folder / "brat.zip", "brat")
    project.exporter.export(folder / "split", "parquet", split=Split((0.5, 0.25, 0.25)))
    return [p for p in written if p.name not in ("doccano.jsonl", "all.csv")]


def _eval_project(path: Path) -> Path:
    project = Project.open(path, "alice")
    try:
        corpus = path.with_name("eval.jsonl")
        pages = EVAL_CORPUS.read_text("utf-8").split("\n")[:6]
        unlabelled = json.loads(pages[0])["text"].replace("Harbour", "Marina")
        pages.append(json.dumps({"text": unlabelled}))
        corpus.write_text("\n".join(pages) + "\n", encoding="utf-8")
        assert project.importer.import_paths([corpus], ImportOptions("alice")).ok
    finally:
        project.close()
    return path


def _user_env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    env = dict(os.environ)
    for variable, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data")):
        env[variable] = str(home / sub)
    env["XDG_STATE_HOME"] = str(home / "state")
    settings = home / "config" / "annotator" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"annotator_name": "alice"}), encoding="utf-8")
    return env
