"""Opening a team project as its lead: say what it holds and offer what a lead does next.

A lead who opens a merged project sees every document as "New, 0 spans": the lead's own
layer is empty, the work is in the annotators' layers. A banner over the text says so and
offers Curate, Compare Layers and the agreement dashboard; it goes once the lead labels
something, switches to curation, or closes it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QColor, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Annotator, Span
from annotator.services.project import Project
from annotator.ui.actions import ActionId, ActionRegistry, shortcut_text
from annotator.ui.shell.docks import ProjectDocks

#: People named in the banner before the rest are counted.
_NAMED = 3
#: The buttons' captions, for the actions the banner is given, in order.
CAPTIONS = ("Curate", "Compare Layers", "Agreement")


class TeamBanner(QFrame):
    """The banner: a message, one button per offered action, and a close button.

    Args:
        actions: The registry's Curate, Compare Layers and Agreement Dashboard actions, which
            the buttons trigger.
        parent: The owning widget.
    """

    def __init__(
        self, actions: tuple[QAction, QAction, QAction], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("teamBanner")
        self.setAccessibleName("Team project")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(
            QPalette.ColorRole.Window,
            _tinted(
                palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Highlight)
            ),
        )
        self.setPalette(palette)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.buttons = [
            self._button(action, caption) for action, caption in zip(actions, CAPTIONS, strict=True)
        ]
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Hide this message")
        self.close_button.setAccessibleName("Hide this message")
        self.close_button.clicked.connect(self.hide)
        top = QHBoxLayout()
        top.addWidget(self.message, 1)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        row = QHBoxLayout()
        for button in self.buttons:
            row.addWidget(button)
        row.addStretch(1)
        # Never what keeps the text wide: the banner takes the width the text has.
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)  # as tall as its wrapped message needs
        self.setSizePolicy(policy)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 10)
        layout.addLayout(top)
        layout.addLayout(row)

    @staticmethod
    def _button(action: QAction, caption: str) -> QPushButton:
        # The keys are in the message and the tooltip: short captions fit the narrowest text.
        keys = shortcut_text(action)
        title = action.text().replace("&", "").rstrip("…")
        button = QPushButton(caption)
        button.setToolTip(f"{title}: {action.statusTip()} ({keys})" if keys else title)
        # The keyboard stays on the text; the keys in the captions work from there.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda _checked=False: action.trigger())
        return button


class TeamWelcome:
    """Shows the banner over the text while the current person's layer is empty and other
    layers hold spans (a lead opening a merged project).

    Args:
        project: The open project.
        column: The text column; the banner goes above the text.
        actions: Curate, Compare Layers and Agreement Dashboard, as the registry has them.
    """

    def __init__(
        self, project: Project, column: QVBoxLayout, actions: tuple[QAction, QAction, QAction]
    ) -> None:
        self._project = project
        self.banner = TeamBanner(actions)
        self.banner.hide()
        column.insertWidget(0, self.banner)
        self._dismissed = False
        self.banner.close_button.clicked.connect(self._on_close_clicked)
        events = project.events
        events.span_added.connect(self._on_project_span_added)
        events.annotator_changed.connect(lambda _id: self.refresh())
        events.documents_changed.connect(self.refresh)

    def refresh(self, layers: list[Annotator] | None = None) -> None:
        """Show or hide the banner for the layers as they are now (``layers``: the layers
        holding spans, if the caller read them already)."""
        project = self._project
        if project.curating:
            self._dismissed = True  # the lead found curation: the banner has done its work
        if self._dismissed:
            self.banner.hide()
            return
        if layers is None:
            layers = project.catalog.layers_with_spans()
        mine = any(layer.id == project.annotator_id for layer in layers)
        others = [layer for layer in layers if layer.id != project.annotator_id]
        if mine or not others:
            self.banner.hide()
            return
        self.banner.message.setText(
            _message(others, project.catalog.document_count(), project.annotator_name)
        )
        self.banner.show()

    def _on_project_span_added(self, span: Span) -> None:
        if span.annotator_id == self._project.annotator_id:
            self.banner.hide()  # the person started labelling: their layer is not empty

    def _on_close_clicked(self) -> None:
        self._dismissed = True


def _tinted(base: QColor, tint: QColor, share: float = 0.12) -> QColor:
    """A little of the highlight over the base: noticeable, in light and dark themes alike."""
    return QColor.fromRgbF(
        base.redF() + (tint.redF() - base.redF()) * share,
        base.greenF() + (tint.greenF() - base.greenF()) * share,
        base.blueF() + (tint.blueF() - base.blueF()) * share,
    )


def _message(others: list[Annotator], documents: int, me: str) -> str:
    people = [layer.name for layer in others if not layer.is_gold]
    named = people[:_NAMED]
    if len(people) > _NAMED:
        named.append(f"{len(people) - _NAMED} more")
    if any(layer.is_gold for layer in others):
        named.append("the gold standard")
    who = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    verb = "holds" if len(named) == 1 else "hold"
    noun = "document" if documents == 1 else "documents"
    return (
        f"<b>A team project.</b> {html.escape(who)} {verb} spans in its {documents:,} {noun}; "
        f"your own layer ({html.escape(me)}) is empty, so each shows as New with 0 spans. "
        "Curate a gold standard (F6), compare layers side by side (Ctrl+Shift+L) or see how "
        "far the annotators agree (Ctrl+Shift+D):"
    )


def open_on_team_work(
    project: Project,
    docks: ProjectDocks,
    ui_state: QSettings,
    column: QVBoxLayout,
    registry: ActionRegistry,
) -> TeamWelcome:
    """What a window shows of the team's work as a project opens: the docks that were open
    and have something to show, and the banner if the person's own layer is empty."""
    layers = project.catalog.layers_with_spans()
    others = sum(layer.id != project.annotator_id for layer in layers)
    people = sum(not layer.is_gold for layer in layers)
    docks.restore(ui_state, other_layers=others, annotators=people)
    actions = (
        registry[ActionId.CURATION_MODE],
        registry[ActionId.COMPARE_LAYERS],
        registry[ActionId.AGREEMENT_DASHBOARD],
    )
    welcome = TeamWelcome(project, column, actions)
    welcome.refresh(layers)
    return welcome
