"""Maps: a folium map (offline by default) as HTML, and a static PNG for reports."""

from mapper.maps.builder import build_map, html_bytes, write_html
from mapper.maps.escape import escape_text
from mapper.maps.static import png_bytes, write_png

__all__ = ["build_map", "escape_text", "html_bytes", "png_bytes", "write_html", "write_png"]
