"""Search hits as rich text: matched words in bold, everything else escaped.

The query asks SQLite for markers from Unicode's private use area, which no lesson text
holds; they are swapped for <b> only after the text is escaped, so a lesson that
contains "<b>" or "<script>" shows those characters instead of being read as HTML.
"""

import html

from local_db.search import SearchHit

OPEN, CLOSE = "\ue000", "\ue001"
MARKERS = (OPEN, CLOSE)


def rich(marked: str) -> str:
    escaped = html.escape(marked, quote=False)
    return escaped.replace(OPEN, "<b>").replace(CLOSE, "</b>").replace("\n", " ")


def plain(marked: str) -> str:
    return marked.replace(OPEN, "").replace(CLOSE, "").replace("\n", " ")


def hit_html(hit: SearchHit) -> str:
    """Title, kind and snippet on two lines, for the results list."""
    title = rich(hit.title) or html.escape(f"Untitled {hit.kind.value}")
    return f"{title} <small>({hit.kind.value})</small><br><small>{rich(hit.snippet)}</small>"
