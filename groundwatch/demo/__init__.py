"""The demo mission: Nagorno-Karabakh, September 2023, loaded with ``groundwatch demo``.

``scenario.py`` and ``texts.py`` hold the data, ``loader.py`` turns it into records through the services
(via the test builders), ``credentials.py`` keeps the demo users' logins in the data directory.
"""
