"""The read-ahead thread hands over every batch in order, its errors, and stops when the writer stops."""

from __future__ import annotations

import threading
from contextlib import closing

import pytest

from groundwatch.ingest.files.reader import FileInvalid
from groundwatch.ingest.readahead import read_ahead


def test_items_arrive_in_order_and_all_of_them():
    assert list(read_ahead(iter(range(1000)), depth=2)) == list(range(1000))


def test_an_error_while_reading_reaches_the_writer_after_the_items_before_it():
    def rows():
        yield 1
        yield 2
        raise FileInvalid("acled.csv is not UTF-8 text after line 3")

    received = []
    with pytest.raises(FileInvalid, match="after line 3"):
        for item in read_ahead(rows()):
            received.append(item)
    assert received == [1, 2]


def test_a_writer_that_stops_early_stops_the_reader_and_closes_the_file():
    closed = threading.Event()

    def rows():
        try:
            yield from range(10_000)
        finally:
            closed.set()

    batches = read_ahead(rows())
    with pytest.raises(RuntimeError, match="database went away"), closing(batches):
        for item in batches:
            if item == 3:
                raise RuntimeError("database went away")
    assert closed.wait(5)
    assert not [thread for thread in threading.enumerate() if thread.name == "import-read-ahead"]
