"""Offsets between a long article and the pieces it is read in (mapper.nlp.chunks).

The rules read one piece at a time with the piece's own offsets; what they find is moved back
to offsets into the whole text here, so every output still points at the article's characters.
"""

from __future__ import annotations

import dataclasses

from mapper.geoparse.models import Place
from mapper.records import BorderMention, Evidence, Statement, WeaponMention
from mapper.records.events import Event
from mapper.rules.extract import Reading

READ_CHUNK_CHARS = 50_000  # texts longer than this are parsed and read in pieces


def places_in(places: list[Place], start: int, end: int) -> list[Place]:
    """The places that start inside [start, end), with offsets into that piece."""
    return [dataclasses.replace(p, start=p.start - start, end=p.end - start)
            for p in places if start <= p.start < end]


def shift_evidence(e: Evidence, offset: int) -> Evidence:
    return dataclasses.replace(e, start=e.start + offset, end=e.end + offset)


def shift_mention(w: WeaponMention, offset: int) -> WeaponMention:
    return dataclasses.replace(w, start=w.start + offset, end=w.end + offset)


def shift_statement(s: Statement, offset: int) -> Statement:
    return dataclasses.replace(
        s, evidence=shift_evidence(s.evidence, offset),
        weapon_mentions=tuple(shift_mention(w, offset) for w in s.weapon_mentions))


def shift_border(b: BorderMention, offset: int) -> BorderMention:
    return dataclasses.replace(b, evidence=shift_evidence(b.evidence, offset))


def shift_reading(reading: Reading, offset: int) -> Reading:
    """A piece's reading with offsets into the whole text."""
    if offset == 0:
        return reading
    return Reading([shift_statement(s, offset) for s in reading.statements],
                   [shift_border(b, offset) for b in reading.border_mentions],
                   [shift_mention(w, offset) for w in reading.weapon_mentions])


def join_readings(readings: list[Reading]) -> Reading:
    return Reading([s for r in readings for s in r.statements],
                   [b for r in readings for b in r.border_mentions],
                   [w for r in readings for w in r.weapon_mentions])


def shift_event(e: Event, offset: int) -> Event:
    return dataclasses.replace(
        e, evidence=tuple(shift_evidence(x, offset) for x in e.evidence),
        place=dataclasses.replace(e.place, start=e.place.start + offset,
                                  end=e.place.end + offset))
