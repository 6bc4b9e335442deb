"""groundwatch: the information system of a monitoring mission."""

__version__ = "0.1.0"
