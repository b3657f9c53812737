"""Annotator: an offline desktop tool for labelling spans in scraped web pages."""

__version__ = "0.1.0"

APP_NAME = "Annotator"
#: Reverse-DNS application id, reused by packaging (desktop file, AppStream, bundle).
APP_ID = "io.github.annotator.Annotator"
