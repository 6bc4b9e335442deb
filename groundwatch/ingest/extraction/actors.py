"""Actors: organisations, forces, armed groups, peacekeepers, authorities — from spaCy's entities and an
alias list (an actor ruler), with the role the sentence gives them where its parse shows it."""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from groundwatch.ingest.extraction.lexicon import ACTOR_ALIASES, ORG_KIND_WORDS
from groundwatch.ingest.extraction.results import ActorMention

SPAN_KEY = "actors"
_MATCHER_KEY = "_groundwatch_actor_matcher"
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "agent"})
OBJECT_DEPS = frozenset({"dobj", "pobj", "dative", "attr"})
# Role of the subject and of the object/recipient, by the event type's family.
ROLES = {
    "aid_delivery": ("provider", "recipient"),
    "weapons_handover": ("actor1", "receiver"),
    "ceasefire_agreement": ("party", "party"),
    "statement": ("speaker", "actor2"),
    "appeal": ("speaker", "actor2"),
    "demand": ("speaker", "actor2"),
    "announcement": ("speaker", "actor2"),
    "killing": ("perpetrator", "victim_group"),
    "arbitrary_detention": ("perpetrator", "victim_group"),
    "violence_against_civilians": ("perpetrator", "victim_group"),
}


def add_actor_ruler(nlp: Language) -> None:
    if "actor_ruler" not in nlp.pipe_names:
        matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for alias in ACTOR_ALIASES:
            matcher.add(alias, [nlp.make_doc(alias)])
        setattr(nlp, _MATCHER_KEY, matcher)
        nlp.add_pipe("actor_ruler", last=True)


@Language.factory("actor_ruler")
def make_actor_ruler(nlp: Language, name: str) -> ActorRuler:
    return ActorRuler(getattr(nlp, _MATCHER_KEY))


class ActorRuler:
    """Marks alias matches and organisation entities as actor spans (``doc.spans["actors"]``)."""

    def __init__(self, matcher: PhraseMatcher):
        self.matcher = matcher

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for match_id, start, end in self.matcher(doc):
            if end - start == 1 and doc[start].pos_ == "ADJ":
                continue  # "the military operation": an adjective, not the military itself
            spans.append(Span(doc, start, end, label=doc.vocab.strings[match_id]))
        for entity in doc.ents:
            if entity.label_ in ("ORG", "NORP") or (
                entity.label_ == "GPE" and entity.root.dep_ in SUBJECT_DEPS
            ):
                entity = _without_possessed_adjectives(entity)
                if not _is_part_of_a_title(entity):
                    spans.append(Span(doc, entity.start, entity.end, label=entity.text.lower()))
        doc.spans[SPAN_KEY] = _longest(spans)
        return doc


TITLES = frozenset({"secretary", "minister", "ministers", "department", "commissioner", "director"})


def _without_possessed_adjectives(entity: Span) -> Span:
    """ "Armenia's Western [allies]" → "Armenia": the words after a possessive are only adjectives."""
    for token in entity:
        if token.tag_ == "POS" and token.i > entity.start:
            rest = entity.doc[token.i + 1 : entity.end]
            if len(rest) and all(word.pos_ == "ADJ" for word in rest):
                return entity.doc[entity.start : token.i]
    return entity


def _is_part_of_a_title(entity: Span) -> bool:
    """ "Secretary of State": a one-word "organisation" that ends a title is not an actor."""
    doc = entity.doc
    return (
        len(entity) == 1
        and entity.start >= 2
        and doc[entity.start - 1].lower_ == "of"
        and doc[entity.start - 2].lower_ in TITLES
    )


def _longest(spans: list[Span]) -> list[Span]:
    chosen: list[Span] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda span: (-(span.end - span.start), span.start)):
        if not taken & set(range(span.start, span.end)):
            chosen.append(span)
            taken.update(range(span.start, span.end))
    return sorted(chosen, key=lambda span: span.start)


def describe(span: Span) -> tuple[str, str]:
    """(canonical name, ActorKind) of an actor span; the name on one line, single-spaced."""
    name, kind = _describe(span)
    return " ".join(name.split()), kind


def _describe(span: Span) -> tuple[str, str]:
    lower = " ".join(span.text.split()).lower().removeprefix("the ")
    if lower in ACTOR_ALIASES:
        return ACTOR_ALIASES[lower]
    for alias, (_name, kind) in ACTOR_ALIASES.items():
        if len(alias) > 3 and alias in lower:
            return span.text.removeprefix("the ").removeprefix("The "), kind
    if span.label_ == span.text.lower() and span.root.ent_type_ == "GPE":
        return span.text, "authority"
    for word, kind in ORG_KIND_WORDS:
        if word in lower:
            return span.text, kind
    if span.root.ent_type_ == "NORP":
        return span.text, ""
    return span.text, ""


def actors_in(sentence: Span, event_type: str, trigger_start: int) -> list[ActorMention]:
    doc = sentence.doc
    subject_role, object_role = ROLES.get(event_type, ("actor1", "actor2"))
    trigger = next((token for token in sentence if token.idx >= trigger_start), sentence.root)
    found: list[ActorMention] = []
    for span in doc.spans.get(SPAN_KEY, []):
        if span.start < sentence.start or span.end > sentence.end:
            continue
        name, kind = describe(span)
        if not kind and span.root.ent_type_ == "NORP":
            continue  # "Armenian" alone is a people, not an actor
        role = _role(span.root, trigger, subject_role, object_role)
        found.append(ActorMention(name, kind, role, span.text, span.start_char, span.end_char))
    return found


def _role(root: Token, trigger: Token, subject_role: str, object_role: str) -> str:
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    head = root
    for _ in range(4):
        if head.dep_ in SUBJECT_DEPS and head.head in (verb, verb.head):
            return subject_role if head.dep_ != "nsubjpass" else object_role
        if head.dep_ in OBJECT_DEPS and verb in head.ancestors:
            if head.dep_ == "pobj" and head.head.lower_ == "by":
                return subject_role
            return object_role
        if head.head is head:
            break
        head = head.head
    return ""
