"""Article-derived text (titles, sources, ids, file names, error messages quoting them) made
safe for Streamlit elements that render Markdown (st.error, st.markdown, captions).

Such text is untrusted: `![x](http://host/p.png)` in an article's front matter would make the
browser fetch the image. Every ASCII punctuation character is backslash-escaped (CommonMark
reads any of them literally after a backslash), so no image, link, directive, formula or HTML
can form; line breaks become spaces (one element, one line).
"""

from __future__ import annotations

import html
import string

_ESCAPES = str.maketrans({c: "\\" + c for c in string.punctuation} | {"\n": " ", "\r": " "})


def md_text(text: object) -> str:
    """`text` as Markdown that shows exactly these characters."""
    return str(text).translate(_ESCAPES)


def html_text(text: object) -> str:
    """`text` as HTML that shows exactly these characters (for st.html)."""
    return html.escape(str(text), quote=True)
