"""Views of the web interface, one module per aggregate; thin, typed, and permission-checked."""

from groundwatch.web.views.dashboard import dashboard
from groundwatch.web.views.events import event_detail, event_list, verify_event
from groundwatch.web.views.maps import event_map, map_data, timeline
from groundwatch.web.views.missions import health, home, mission_home
from groundwatch.web.views.reports import report_detail

__all__ = [
    "dashboard",
    "event_detail",
    "event_list",
    "event_map",
    "health",
    "home",
    "map_data",
    "mission_home",
    "report_detail",
    "timeline",
    "verify_event",
]
