"""Sizes, the run's scratch folder, and the inputs the benchmarks share (some cached)."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from annotator.core.model import DocumentDraft, SpanDraft
from annotator.resources import sample_corpus_dir
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project
from annotator.store.db import SCHEMA_HEAD
from benchmarks import corpus

#: Whose layer every benchmark works in.
ANNOTATOR = "bench"
REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True, slots=True)
class Sizes:
    """How big each input is and how often each figure is taken."""

    startup_runs: int
    page_chars: int
    page_spans: int
    huge_page_chars: int
    huge_page_spans: int
    page_runs: int
    adds: int
    project_documents: int
    project_spans: int
    small_project_documents: int
    project_runs: int
    import_documents: int
    import_spans_per_document: int
    transfer_runs: int
    memory_runs: int
    agreement_documents: int
    agreement_spans_per_document: int
    agreement_runs: int
    format_documents: int
    format_spans: int
    format_runs: int


#: The sizes the requirements name.
FULL = Sizes(
    startup_runs=7,
    page_chars=1_000_000,
    page_spans=10_000,
    huge_page_chars=5_000_000,
    huge_page_spans=50_000,
    page_runs=5,
    adds=200,
    project_documents=100_000,
    project_spans=1_000_000,
    small_project_documents=100,
    project_runs=3,
    import_documents=10_000,
    import_spans_per_document=10,
    transfer_runs=2,
    memory_runs=3,
    agreement_documents=10_000,
    agreement_spans_per_document=10,
    agreement_runs=3,
    format_documents=10_000,
    format_spans=100_000,
    format_runs=2,
)
#: Small enough for a smoke run in CI; the figures mean little.
QUICK = Sizes(
    startup_runs=2,
    page_chars=100_000,
    page_spans=1_000,
    huge_page_chars=300_000,
    huge_page_spans=3_000,
    page_runs=2,
    adds=15,
    project_documents=2_000,
    project_spans=20_000,
    small_project_documents=100,
    project_runs=1,
    import_documents=300,
    import_spans_per_document=10,
    transfer_runs=1,
    memory_runs=1,
    agreement_documents=300,
    agreement_spans_per_document=10,
    agreement_runs=1,
    format_documents=300,
    format_spans=3_000,
    format_runs=1,
)


class Workspace:
    """The run's scratch folder (removed at the end), the cache, and the shared inputs.

    Creating it points the XDG config, data and state folders of this process and of every
    probe subprocess at the scratch folder, so no benchmark reads or writes the user's real
    settings, and selects Qt's offscreen platform so figures do not depend on a window manager.
    """

    def __init__(self, sizes: Sizes, *, quick: bool, results: Path = RESULTS_DIR) -> None:
        self.sizes = sizes
        self.quick = quick
        self.results = results
        self.cache = results / "cache"
        self.cache.mkdir(parents=True, exist_ok=True)
        # Inside results/ rather than /tmp: the same file system as the cached projects, so
        # fsync costs the same for our code and for the raw baselines.
        self.scratch = Path(tempfile.mkdtemp(prefix="run-", dir=results))
        self._counter = 0
        home = self.scratch / "home"
        # Not XDG_CACHE_HOME: an empty one makes fontconfig rebuild its cache in the first
        # Qt process, which would charge seconds and tens of megabytes to whichever ran first.
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
            os.environ[variable] = str(home / variable.lower())
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    def close(self) -> None:
        """Remove the scratch folder."""
        shutil.rmtree(self.scratch, ignore_errors=True)

    def fresh(self, name: str) -> Path:
        """A path that does not exist yet, in the scratch folder."""
        self._counter += 1
        folder = self.scratch / f"{self._counter:03d}"
        folder.mkdir()
        return folder / name

    def copy_project(self, path: Path) -> Path:
        """A private copy of a project file (for benchmarks that write to it)."""
        target = self.fresh(path.name)
        shutil.copyfile(path, target)
        return target

    def subprocess_env(self) -> dict[str, str]:
        """The environment for probe subprocesses: ours, with the repository importable."""
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [str(REPO_ROOT), *filter(None, [env.get("PYTHONPATH")])]
        )
        env.pop("PYTHONSTARTUP", None)
        # An installed program starts from compiled bytecode; with PYTHONDONTWRITEBYTECODE set
        # (as in some sandboxes) every probe would compile our modules again. The warm-up runs
        # write the bytecode to the cache folder, leaving the source tree alone.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(self.cache / "pycache")
        return env

    # -- shared inputs -------------------------------------------------------------------

    @cached_property
    def page(self) -> corpus.LongDocument:
        """The long page: 1 MB with 10,000 spans (smaller with --quick)."""
        return corpus.long_document(self.sizes.page_chars, self.sizes.page_spans)

    @cached_property
    def huge_page(self) -> corpus.LongDocument:
        """The longest page: 5 MB with 50,000 spans (smaller with --quick)."""
        return corpus.long_document(self.sizes.huge_page_chars, self.sizes.huge_page_spans)

    @cached_property
    def page_text_file(self) -> Path:
        """The long page's text as a UTF-8 file (for the bare viewer)."""
        path = self.fresh("page.txt")
        path.write_text(self.page.text, encoding="utf-8")
        return path

    @cached_property
    def page_project(self) -> Path:
        """A project holding only the long page and its spans, imported the normal way."""
        path = self.fresh("page.annotator")
        project = Project.open(path, ANNOTATOR)
        try:
            spans = [
                SpanDraft(start, end, corpus.LABEL_NAMES[label])
                for start, end, label in self.page.spans
            ]
            draft = DocumentDraft(self.page.text, "Benchmark page", "benchmark", spans=spans)
            project.importer.import_drafts(
                [draft], ImportOptions(default_annotator=ANNOTATOR), ImportReport()
            )
        finally:
            project.close()
        return path

    @cached_property
    def sample_project(self) -> Path:
        """A project holding the sample corpus a first start imports."""
        path = self.fresh("sample.annotator")
        project = Project.open(path, ANNOTATOR)
        try:
            options = ImportOptions(default_annotator=ANNOTATOR)
            report = project.importer.import_paths([sample_corpus_dir()], options)
            if report.errors:
                raise RuntimeError("; ".join(report.errors))
        finally:
            project.close()
        return path

    def corpus_project(self, documents: int, spans: int) -> Path:
        """A project of many small documents, built with raw SQL once and cached.

        The cache key holds the schema head and the generator version, so a migration or a
        change of the generated data builds a new file; an interrupted build leaves only a
        ``.partial`` file behind, which the next run replaces.
        """
        name = f"corpus-s{SCHEMA_HEAD}-g{corpus.GENERATOR_VERSION}-{documents}d-{spans}s.annotator"
        path = self.cache / name
        if path.exists():
            return path
        print(f"  building {name} (cached for later runs) ...", file=sys.stderr, flush=True)
        partial = self.cache / (name + ".partial")
        for leftover in self.cache.glob(name + ".partial*"):
            leftover.unlink()
        Project.open(partial, ANNOTATOR).close()  # the real schema, migrations and all
        corpus.bulk_fill(partial, documents, spans)
        partial.replace(path)
        return path

    @cached_property
    def import_file(self) -> Path:
        """The JSONL file the import benchmark reads (cached)."""
        sizes = self.sizes
        name = (
            f"import-g{corpus.GENERATOR_VERSION}-{sizes.import_documents}d-"
            f"{sizes.import_spans_per_document}s.jsonl"
        )
        return corpus.write_jsonl(
            self.cache / name, sizes.import_documents, sizes.import_spans_per_document
        )
