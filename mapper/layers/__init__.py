"""Output layers: Analyses -> GeoDataFrames -> GeoJSON, GeoPackage and CSV files."""

from mapper.layers.csv import CSV_COLUMNS, GEO_PRECISION, csv_bytes, geo_precision, write_csv
from mapper.layers.frames import events_frame, places_frame, zones_frame
from mapper.layers.geojson import feature_collection, geojson_bytes, write_geojson
from mapper.layers.gpkg import gpkg_bytes, write_gpkg
from mapper.layers.style import STATUS_COLOURS, status_colour

__all__ = [
    "CSV_COLUMNS",
    "GEO_PRECISION",
    "STATUS_COLOURS",
    "csv_bytes",
    "events_frame",
    "feature_collection",
    "geo_precision",
    "geojson_bytes",
    "gpkg_bytes",
    "places_frame",
    "status_colour",
    "write_csv",
    "write_geojson",
    "write_gpkg",
    "zones_frame",
]
