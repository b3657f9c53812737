"""View ▸ Zoom In, Zoom Out and Actual Size: step the text's zoom, say it, remember it."""

from __future__ import annotations

from collections.abc import Callable

from annotator.settings import Settings, SettingsStore
from annotator.ui.actions import ActionId
from annotator.ui.text.zoom import TextZoom
from annotator.ui.widgets.messages import Messages


def zoom_handlers(
    zoom: TextZoom, messages: Messages, settings: Settings, settings_store: SettingsStore
) -> dict[ActionId, Callable[[], object]]:
    """What the zoom actions do. Every change (the wheel's too) is shown in the status bar
    and saved in the settings, so the next window starts at it; a step past a limit says so."""

    def remember(percent: int) -> None:
        settings.text_zoom = percent
        settings_store.save(settings)
        messages.say(f"Zoom {percent}%")

    zoom.changed.connect(remember)

    def step(moved: bool, limit: str) -> None:
        if not moved:
            messages.say(f"Zoom {zoom.percent}% (the {limit})")

    return {
        ActionId.ZOOM_IN: lambda: step(zoom.zoom_in(), "largest"),
        ActionId.ZOOM_OUT: lambda: step(zoom.zoom_out(), "smallest"),
        ActionId.ZOOM_RESET: zoom.reset,
    }
