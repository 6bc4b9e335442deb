"""Views of the web interface, one module per aggregate; thin, typed, and permission-checked."""

from groundwatch.web.views.events import event_detail, event_list, verify_event
from groundwatch.web.views.missions import health, home, mission_home
from groundwatch.web.views.reports import report_detail

__all__ = ["event_detail", "event_list", "health", "home", "mission_home", "report_detail", "verify_event"]
