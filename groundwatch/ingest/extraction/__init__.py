"""Extraction: article text → structured, evidence-linked event proposals. Plain Python, no database."""

from groundwatch.ingest.extraction.pipeline import (
    PIPELINE,
    PIPELINE_VERSION,
    ExtractionRefused,
    extract_text,
)
from groundwatch.ingest.extraction.results import Extraction

__all__ = ["PIPELINE", "PIPELINE_VERSION", "Extraction", "ExtractionRefused", "extract_text"]
