"""The corpus timeline: when each zone and event is on the map, as `valid_from` / `valid_to`.

A zone is valid from the day its statement takes effect (its effective date, else its article's
date) until a later statement of the same policy replaces it: the next later day on which any
article draws a zone for the same grantor, grantee, target country and weapon family. The last
word has no `valid_to` (still in force). Zones of the same day do not replace each other. An
undated zone has no `valid_from` and lasts until the policy's first dated zone.
An event is valid for its day: from `event_date` to the next midnight (end exclusive).
Times are naive UTC datetimes (GeoPackage DATETIME; QGIS' temporal controller reads them).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

POLICY_KEY: tuple[str, ...] = ("grantor", "grantee", "target_country", "policy_family")
ONE_DAY = dt.timedelta(days=1)


def _as_day(value: object) -> dt.date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name] if name in frame else pd.Series([None] * len(frame), index=frame.index)


def zone_days(zones: pd.DataFrame) -> list[dt.date | None]:
    """The day each zone takes effect: its effective date, else its article's date."""
    effective = _column(zones, "effective_date")
    article = _column(zones, "article_date")
    return [_as_day(e) or _as_day(a) for e, a in zip(effective, article, strict=True)]


def _key(row: pd.Series) -> tuple[object, ...]:
    return tuple(None if pd.isna(v) else v for v in (row.get(k) for k in POLICY_KEY))


def _stamp(days: list[dt.date | None]) -> pd.Series:
    return pd.Series(pd.to_datetime([pd.Timestamp(d) if d else pd.NaT for d in days]),
                     dtype="datetime64[ms]")


def with_zone_validity(zones: pd.DataFrame) -> pd.DataFrame:
    """`zones` with `valid_from` / `valid_to` datetime columns (see the module docstring)."""
    days = zone_days(zones)
    keys = [_key(row) for _, row in zones.iterrows()]
    by_key: dict[tuple[object, ...], list[dt.date]] = {}
    for key, day in zip(keys, days, strict=True):
        if day is not None:
            by_key.setdefault(key, []).append(day)
    ends: list[dt.date | None] = []
    for key, day in zip(keys, days, strict=True):
        later = [d for d in by_key.get(key, []) if day is None or d > day]
        ends.append(min(later) if later else None)
    out = zones.copy()
    out["valid_from"] = _stamp(days).set_axis(zones.index)
    out["valid_to"] = _stamp(ends).set_axis(zones.index)
    return out


def with_event_validity(events: pd.DataFrame) -> pd.DataFrame:
    """`events` with `valid_from` (the event day) and `valid_to` (the next midnight)."""
    days = [_as_day(v) for v in _column(events, "event_date")]
    out = events.copy()
    out["valid_from"] = _stamp(days).set_axis(events.index)
    out["valid_to"] = _stamp([d + ONE_DAY if d else None for d in days]).set_axis(events.index)
    return out
