"""Exports of a mission's events: ACLED CSV, HXL-tagged CSV, GeoJSON and XLSX, streamed in constant memory.

``records`` reads events the user may see (or the disclosure sanitiser's public view) in chunks and turns
each into an ``ExportRecord``; each format module writes records and never touches the database.
"""
