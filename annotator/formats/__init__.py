"""Reading and writing files other tools make and read: one module per format.

Each format (plain text, JSONL, CSV/TSV) turns files into document and span drafts, or
records into bytes, behind the registry the importer and the exporter look formats up in.
``base`` holds the reader and writer records every format module shares (the modules import
it, the registry imports them); ``decode`` reads bytes into text safely (BOMs and strict
UTF-8 first).

It imports only ``core`` and the standard library: no database, no Qt.
"""
