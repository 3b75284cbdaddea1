"""conflict-mapper dashboard (placeholder until the maps issue lands): shows that the offline
gazetteer works by looking up a place name."""

from __future__ import annotations

import streamlit as st

from mapper.gazetteer import load_gazetteer


@st.cache_resource(show_spinner="Opening the offline gazetteer...")
def gazetteer():
    return load_gazetteer(progress=False)


st.set_page_config(page_title="conflict-mapper", layout="wide")
st.title("conflict-mapper")
st.caption("Offline gazetteer lookup. Data: GeoNames (CC BY 4.0), Natural Earth (public domain).")
name = st.text_input("Place name", value="Kharkiv")
found = gazetteer().search(name) if name.strip() else []
if not found:
    st.info(f"No place named {name!r} in the gazetteer.")
else:
    st.dataframe(
        [{"name": c.name, "type": c.feature_type, "country": c.country_code,
          "region": c.admin1_name, "lat": c.lat, "lon": c.lon, "score": c.score,
          "match": c.match} for c in found],
        use_container_width=True,
    )
