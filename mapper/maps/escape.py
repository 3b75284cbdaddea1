"""The one escaping function for article-derived text on its way into HTML or JavaScript.

folium's Popup, GeoJsonPopup and GeoJsonTooltip insert values as HTML, and its Tooltip and Popup
put them inside a JavaScript template string (`...`). HTML entities for & < > " ' stop markup;
entities for backslash, backtick and $ stop a string from ending the template literal or opening
a `${...}` substitution. Entities render as the original characters, so nothing is lost.
"""

from __future__ import annotations

import html

_EXTRA = str.maketrans({"\\": "&#92;", "`": "&#96;", "$": "&#36;"})


def escape_text(value: object) -> str:
    """Text safe inside HTML, an HTML attribute, and a JS template literal. None -> ""."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True).translate(_EXTRA)
