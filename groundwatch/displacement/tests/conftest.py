"""Fixtures for this app's tests: the shared mission-picture ones."""

from groundwatch.tests.picture_fixtures import *  # noqa: F403
