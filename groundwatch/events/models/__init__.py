from groundwatch.events.models.actors import Actor, EventActor
from groundwatch.events.models.claims import Claim
from groundwatch.events.models.events import Event, Evidence, VerificationChange
from groundwatch.events.models.measures import Measure

__all__ = ["Actor", "Claim", "Event", "EventActor", "Evidence", "Measure", "VerificationChange"]
