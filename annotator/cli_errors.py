"""How a command ends: its exit code, and one line on standard error when it failed.

An environment or input problem (:class:`AnnotatorError`: a damaged or locked project, a
bad file) is one line and exit code 1; a reader that closed the output early (``annotator
stats P | head -1``) is a quiet end; anything else is a bug, logged with its traceback and
told in one line that names the log. What is printed never carries a statement's SQL or
parameters, nor a document's text: the bug line names the kind of error only.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from annotator.bug_log import log_bug
from annotator.core.one_line import one_line
from annotator.errors import AnnotatorError

EXIT_OK, EXIT_FAILED, EXIT_BUG = 0, 1, 70  # a usage error exits with argparse's 2
#: The reader closed the output: 128 + SIGPIPE, as a shell reports it (130 is Ctrl+C's).
EXIT_PIPE_CLOSED = 141
EXIT_INTERRUPTED = 130


def run_command(command: Callable[[], int]) -> int:
    """Run ``command`` and turn what it raises into an exit code and (at most) one line."""
    try:
        try:
            return _told(command)
        finally:
            sys.stdout.flush()  # a closed pipe shows here, not in Python's own flush at exit
    except BrokenPipeError:
        return _output_closed()


def _told(command: Callable[[], int]) -> int:
    try:
        return command()
    except BrokenPipeError:
        raise  # see run_command
    except AnnotatorError as error:
        # Escaped as a whole: a name inside it cannot start a line of its own.
        print(f"annotator: error: {one_line(error, None)}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("annotator: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # a bug: keep the details, spare the user the traceback
        where = log_bug(error)
        # The kind only: a bug's message may hold SQL or a document's text.
        print(
            f"annotator: internal error ({type(error).__name__}). "
            f"This is a bug; details are in {one_line(where, None)}.",
            file=sys.stderr,
        )
        return EXIT_BUG


def _output_closed() -> int:
    """The reader of the output went away (``annotator stats P | head -2``): normal for a
    command-line tool, so exit quietly, as a process that SIGPIPE ended does."""
    # Python's recipe: stdout goes to devnull, so that flushing it at exit cannot fail again.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_PIPE_CLOSED
