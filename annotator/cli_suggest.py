"""``annotator suggest`` and ``annotator suggest-eval``: suggestions from the command line.

Both only read the project. ``suggest`` learns from the annotator's labels in memory (the
model the window saved is neither used nor replaced, so the output always follows the labels
as they are) and writes every chosen document's suggestions in the export's JSONL shape;
``suggest-eval`` measures the suggestions against the annotator's own labels, leaving one
document out at a time. Headless like the rest of the command line: nothing here imports
PySide6, and scikit-learn only when there is something to learn.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from annotator.errors import AnnotatorError

if TYPE_CHECKING:
    from annotator.core.suggestions.base import TrainedRecommender
    from annotator.formats.base import ExportRecord
    from annotator.services.project import Project

COMMANDS = ("suggest", "suggest-eval")
#: What the detector-alone notes end with.
_DETECTOR_ALONE = "suggesting with the boilerplate detector alone."


def add_parsers(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], name: Callable[[str], str]
) -> None:
    """Add ``suggest`` and ``suggest-eval`` to the command line."""
    suggest = commands.add_parser(
        "suggest",
        help="write suggestions for what an annotator has not labelled yet",
        description="Learn from NAME's labels (the boilerplate detector needs none) and write, "
        "for every document, the suggestions for the text NAME has not labelled, in the "
        "export's JSONL shape: each span with its score, source, version and reason. "
        "Suggestions NAME rejected are left out. The project is only read; the model is "
        "not saved.",
    )
    suggest.add_argument("project", type=Path, help="project file")
    _add_annotator(suggest, name, "whose labels to learn from and suggest for")
    suggest.add_argument(
        "--documents",
        nargs="+",
        metavar="ID",
        help="only these documents, by their id in exports (their SHA-256, or its first 8 or "
        "more digits)",
    )
    suggest.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="OUT.jsonl",
        help="file to write (replaced whole, or not at all); - writes to standard output",
    )
    suggest.add_argument(
        "--min-score",
        type=_score,
        default=None,
        metavar="X",
        help="leave out suggestions scoring under X, from 0 to 1 (default: each label's "
        "threshold, as the window shows them: 0.5 unless set in Suggestions > Thresholds)",
    )
    evaluation = commands.add_parser(
        "suggest-eval",
        help="measure the suggestions against an annotator's own labels",
        description="Leave each of NAME's labelled documents out in turn, learn from the "
        "others, and compare the suggestions for it with NAME's labels: precision, recall "
        "and F1 per label by characters and by spans (overlapping), their mean, and a "
        "learning curve (F1 by the number of documents learned from). Trains many times: "
        "it can take minutes on a large project. The project is only read.",
    )
    evaluation.add_argument("project", type=Path, help="project file")
    _add_annotator(evaluation, name, "whose labels to measure the suggestions against")
    evaluation.add_argument("--json", action="store_true", help="print JSON for scripts")
    evaluation.add_argument(
        "--detector-only",
        action="store_true",
        help="measure the boilerplate detector alone, without learning",
    )


def _add_annotator(parser: argparse.ArgumentParser, name: Callable[[str], str], whose: str) -> None:
    parser.add_argument(
        "--annotator", metavar="NAME", type=name, help=f"{whose} (default: your annotator name)"
    )


def _score(value: str) -> float:
    """A score from 0 to 1; argparse reports anything else as a bad value."""
    try:
        score = float(value)
    except ValueError:
        score = -1.0
    if not 0 <= score <= 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a score from 0 to 1")
    return score


def run(project: Project, args: argparse.Namespace) -> int:
    """Run ``suggest`` or ``suggest-eval``."""
    if args.command == "suggest":
        return _suggest(project, args)
    return _evaluate(project, args)


def _layer(project: Project, name: str | None) -> tuple[str, int]:
    """The annotator chosen and their layer's id (-1: the default name, not in the project).

    Raises:
        AnnotatorError: ``--annotator`` names no annotator of the project.
    """
    if name is None:
        return project.annotator_name, project.annotator_id
    names = {annotator.name: annotator.id for annotator in project.catalog.annotators()}
    if name not in names:
        known = ", ".join(sorted(names)) or "none yet"
        raise AnnotatorError(
            f"No annotator is called {name!r} in {project.path.name} (its annotators: {known})."
        )
    return name, names[name]


def _suggest(project: Project, args: argparse.Namespace) -> int:
    from annotator.atomic import holds_database
    from annotator.core.suggestions.detector import BoilerplateDetector
    from annotator.services.suggestion_output import all_documents, suggestion_records

    name, layer = _layer(project, args.annotator)
    to_stdout = str(args.output) == "-"
    if not to_stdout and not args.output.expanduser().absolute().parent.is_dir():
        raise AnnotatorError(f"Cannot write {args.output}: its folder does not exist.")
    if not to_stdout and holds_database(args.output.expanduser()):
        raise AnnotatorError(
            f"Cannot write {args.output}: it is a project file (an SQLite database), and "
            "writing over it would destroy its work. Choose another file name."
        )
    ids = (
        # Each document once, in the order first named.
        list(dict.fromkeys(project.removal.find_documents(args.documents)))
        if args.documents
        else all_documents(project.store)
    )
    said = sys.stderr if to_stdout else sys.stdout
    fitted = _learned(project, name, layer, said)
    trained, learned_from = (None, 0) if fitted is None else fitted
    counter = _Counter()
    corpus = project.suggestions.corpus()
    records = counter.count(
        suggestion_records(
            project.store,
            corpus,
            layer,
            [BoilerplateDetector()],
            trained,
            ids,
            args.min_score,
            learned_from,
        )
    )
    if to_stdout:
        _write_to_stdout(records)
        where = "standard output"
    else:
        _write_file(args.output, records)
        where = str(args.output)
    scores = (
        "each label's threshold" if args.min_score is None else f"scores from {args.min_score:g}"
    )
    print(
        f"Wrote {counter.suggestions:,} suggestion(s) in {counter.documents:,} document(s) "
        f"for {name} ({scores}) to {where}.",
        file=said,
    )
    return 0


def _learned(
    project: Project, name: str, layer: int, said: TextIO
) -> tuple[TrainedRecommender, int] | None:
    """The recommender learned from the layer's labels with the number of documents it
    learned from, if it can be; else None, said so on standard error."""
    from annotator.services.suggestion_models import NothingToLearnError

    models = project.suggestions.models
    unlabelled = f"{name} has no labels in {project.path.name}; {_DETECTOR_ALONE}"
    if layer == -1:
        _note(unlabelled)
        return None
    missing = models.unavailable()
    if missing is not None:
        _note(f"{missing.rstrip('.')}; {_DETECTOR_ALONE}")
        return None
    try:
        fitted = models.fit(layer)
    except NothingToLearnError:
        _note(unlabelled)
        return None
    except AnnotatorError as error:
        _note(f"{str(error).rstrip('.')}; {_DETECTOR_ALONE}")
        return None
    assert fitted is not None  # None only when asked to stop
    print(f"{fitted.report.describe()} From {name}'s labels; not saved.", file=said)
    return fitted.recommender, fitted.report.documents


def _note(message: str) -> None:
    print(f"annotator: {message}", file=sys.stderr)


def _write_file(target: Path, records: Iterable[ExportRecord]) -> None:
    from annotator.atomic import NotAFileError, atomic_text_file
    from annotator.formats.jsonl import write_jsonl

    try:
        with atomic_text_file(target) as handle:
            write_jsonl(handle, records)
    except NotAFileError as error:
        raise AnnotatorError(
            f"Cannot write {target}: it is {error.kind}, not a file. Choose a file to write "
            "to, or -o - for standard output."
        ) from None
    except OSError as error:
        raise AnnotatorError(f"Cannot write {target}: {error.strerror or error}.") from None


def _write_to_stdout(records: Iterable[ExportRecord]) -> None:
    from annotator.formats.jsonl import write_jsonl

    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:  # standard output replaced by a text-only stream
        write_jsonl(sys.stdout, records)
        return
    # UTF-8 and "\n" whatever the terminal's encoding, as in a file.
    sys.stdout.flush()
    stream = io.TextIOWrapper(binary, "utf-8", newline="\n")
    try:
        write_jsonl(stream, records)
        stream.flush()
    finally:
        stream.detach()  # leave standard output open for the rest of the program


class _Counter:
    def __init__(self) -> None:
        self.documents = 0
        self.suggestions = 0

    def count(self, records: Iterator[ExportRecord]) -> Iterator[ExportRecord]:
        for record in records:
            self.documents += 1
            self.suggestions += len(record["spans"])
            yield record


def _evaluate(project: Project, args: argparse.Namespace) -> int:
    from annotator.core.suggestions.detector import BOILERPLATE, BoilerplateDetector
    from annotator.core.suggestions.evaluation import evaluate

    name, layer = _layer(project, args.annotator)
    models = project.suggestions.models
    data = models.training_data(layer)
    if len(data.pages) < 2:
        raise AnnotatorError(
            f"{name} has labelled {len(data.pages)} document(s) in {project.path.name}; "
            "leaving one out at a time needs at least two."
        )
    trainer = None if args.detector_only else models.trainer
    missing = None if trainer is None else models.unavailable()
    if missing is not None:
        _note(f"{missing.rstrip('.')}; measuring the boilerplate detector alone.")
        trainer = None
    _note(f"measuring suggestions on {len(data.pages)} of {name}'s labelled documents …")
    context = data.context
    if trainer is None:  # the detector suggests one label: the others would only read 0
        detector_labels = tuple(
            label for label in context.labels if label.casefold() == BOILERPLATE
        )
        context = replace(context, labels=detector_labels)
    report = evaluate(data.pages, context, trainer, [BoilerplateDetector()])
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False, allow_nan=False))
    else:
        print(report.to_text())
    return 0
