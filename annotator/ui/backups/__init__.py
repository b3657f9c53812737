"""The project's backups in the window: made on opening and while working, listed and
restored under File ▸ Backups…."""
