"""One app id and one version, reused by every packaging file."""

from __future__ import annotations

import configparser
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from annotator import APP_ID, __version__

PACKAGING = Path(__file__).resolve().parents[1] / "packaging"


def test_desktop_file_is_named_after_the_app_id() -> None:
    desktop = PACKAGING / f"{APP_ID}.desktop"
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(desktop, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "annotator"


def test_metainfo_matches_app_id_and_version() -> None:
    root = ElementTree.parse(PACKAGING / f"{APP_ID}.metainfo.xml").getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"  # type: ignore[union-attr]
    releases = [release.get("version") for release in root.iter("release")]
    assert releases[0] == __version__
