"""Dates named in a clause ("on May 31", "in June", "on Tuesday"), read against the article date."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from spacy.tokens import Span

VAGUE = re.compile(r"\b(late|early|mid|the end of|the start of|the beginning of|in|on|"
                   r"since|by|last|this|earlier|at)\b", re.IGNORECASE)
DAY = re.compile(r"\b([1-9]|[12]\d|3[01])(st|nd|rd|th)?\b|monday|tuesday|wednesday|thursday|"
                 r"friday|saturday|sunday|yesterday|today", re.IGNORECASE)
MONTH = re.compile(r"january|february|march|april|may|june|july|august|september|october|"
                   r"november|december", re.IGNORECASE)
WEEKDAYS = {d: n for n, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday",
                                        "saturday", "sunday"))}
YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
HAS_ANCHOR = re.compile(r"\d|january|february|march|april|may|june|july|august|september|"
                        r"october|november|december|monday|tuesday|wednesday|thursday|friday|"
                        r"saturday|sunday|yesterday", re.IGNORECASE)


@lru_cache(maxsize=4096)
def parse_date(text: str, base: dt.date | None) -> dt.date | None:
    """A calendar date for `text`, or None when it names no day, month or year we can place."""
    season = next((k for k in SEASONS if re.search(rf"\b{k}\b", text, re.IGNORECASE)), None)
    if season is not None and base is not None:
        first_month = SEASONS[season][0]
        year = int(m.group(0)) if (m := YEAR.search(text)) else base.year
        day = dt.date(year, first_month, 1)
        return day if day <= base else dt.date(year - 1, first_month, 1)
    if not HAS_ANCHOR.search(text):
        return None
    cleaned = " ".join(VAGUE.sub(" ", text).replace(",", " ").split())
    weekday = WEEKDAYS.get(cleaned.split(" ")[0].lower()) if cleaned else None
    if weekday is not None and base is not None:
        # "on Friday" in an article dated Friday is that day, not a week before.
        return base - dt.timedelta(days=(base.weekday() - weekday) % 7)
    if not cleaned or re.fullmatch(r"\d+", cleaned) and not (1900 < int(cleaned) < 2100):
        return None
    import dateparser

    settings = {"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first",
                "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    try:
        parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    except (ValueError, OverflowError):
        return None
    if not parsed:
        return None
    day = parsed.date()
    if base is not None and not YEAR.search(text):
        # "June 9 and 10" carries no year: the nearest such day on or before the article.
        try:
            day = day.replace(year=base.year)
            if day > base:
                day = day.replace(year=base.year - 1)
        except ValueError:
            return None
    return day


def latest_day(text: str, day: dt.date) -> dt.date:
    """The last day `text` can mean: a month named without a day covers the whole month."""
    season = next((v for k, v in SEASONS.items() if re.search(rf"\b{k}\b", text, re.I)), None)
    if season is not None:
        end = dt.date(day.year + (season[1] == 12), season[1] % 12 + 1, 1)
        return end - dt.timedelta(days=1)
    if DAY.search(text):
        return day
    if not MONTH.search(text):  # a year alone
        return dt.date(day.year, 12, 31)
    following = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def clause_date(ents: list[Span], base: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """(first day, last day) meant by the first parseable DATE entity among `ents`."""
    for ent in ents:
        if ent.label_ == "DATE":
            day = parse_date(ent.text, base)
            if day is not None:
                return day, latest_day(ent.text, day)
    return None
