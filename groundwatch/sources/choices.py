from django.db import models


class SourceKind(models.TextChoices):
    PERSON = "person", "Person (identity protected)"
    ORGANISATION = "organisation", "Organisation"
    MEDIA = "media", "Media outlet"
    DATASET = "dataset", "Dataset"
    SENSOR = "sensor", "Sensor or imagery"
    OFFICIAL = "official", "Government or official body"


class Reliability(models.TextChoices):
    """Source reliability on the Admiralty scale (STANAG 2511), graded apart from any one item."""

    A = "A", "A — completely reliable"
    B = "B", "B — usually reliable"
    C = "C", "C — fairly reliable"
    D = "D", "D — not usually reliable"
    E = "E", "E — unreliable"
    F = "F", "F — reliability cannot be judged"


class Channel(models.TextChoices):
    WEB_FORM = "web_form", "Web form"
    FIELD_APP = "field_app", "Field app (OpenRosa)"
    FILE = "file", "File import"
    FEED = "feed", "News feed"
    ARTICLE = "article", "Article or web page"
    PASTED = "pasted", "Pasted text"
    EMAIL = "email", "E-mail"
    API = "api", "API"
    FIELD_NOTE = "field_note", "Monitor's field note"
    INTERVIEW = "interview", "Interview note"
    PARTNER = "partner", "Partner update"
    STATEMENT = "statement", "Official or agency statement"
