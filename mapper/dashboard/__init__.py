"""Pure helpers behind the Streamlit dashboard (no streamlit imports here).

inputs     uploaded / pasted / sample bytes -> articles and user-facing notices
timeline   which zones are in force on a day (latest statement per grantor and weapon wins)
highlight  the article text as escaped HTML with places and weapon mentions marked
tables     rows for the places, statements and zones tables, and their filter
selection  what a click on the map points at (a zone or a place) and its details
controls   dashboard controls -> AnalysisSettings (range overrides, cache keys)
workers    a pool of Analyzers shared by the sessions (one session per Analyzer at a time)
disk_cache the bounded, switchable disk cache of read articles
plain      article-derived text made safe for Markdown-rendering elements (shown as text)
"""
