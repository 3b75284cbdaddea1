"""Weapon mentions in a parsed text: catalog systems and weapon classes, with their supplier."""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from mapper.catalogs import WeaponCatalog, WeaponClass
from mapper.records import WeaponMention

SYSTEM = "system"
CLASS = "class"
LEFT_WINDOW = 4  # tokens before a weapon phrase searched for its supplier ("US-supplied")
RIGHT_WINDOW = 12  # tokens after it searched for "supplied ... by X, Y and Z"


class WeaponFinder:
    """Finds weapon phrases on a Doc (longest match wins) and resolves their supplier."""

    def __init__(self, nlp: Language, catalog: WeaponCatalog) -> None:
        self.catalog = catalog
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for system in catalog.systems.values():
            names = {system.name, *system.aliases}
            self.matcher.add(f"{SYSTEM}:{system.key}", [nlp.make_doc(n) for n in names])
        for cls in catalog.classes.values():
            phrases = {p for p in cls.phrases} | {p.replace("-", " ") for p in cls.phrases}
            self.matcher.add(f"{CLASS}:{cls.key}", [nlp.make_doc(p) for p in phrases])
        self.supply_words = frozenset(w for c in catalog.classes.values() for w in c.supply_words)

    def __call__(self, doc: Doc, countries: dict[int, str]) -> list[WeaponMention]:
        """`countries` maps token index -> ISO2 of the country a token names (place or demonym)."""
        spans = [Span(doc, s, e, label=doc.vocab.strings[m]) for m, s, e in self.matcher(doc)]
        found: list[WeaponMention] = []
        for span in filter_spans(spans):
            kind, key = span.label_.split(":", 1)
            origins = self._origins(doc, span, countries)
            if kind == SYSTEM:
                system = self.catalog.systems[key]
                found.append(WeaponMention(
                    key=key, text=span.text, start=span.start_char, end=span.end_char,
                    kind="system", origin=origins, systems=(key,),
                    min_range_km=system.min_range_km, max_range_km=system.max_range_km))
                continue
            cls = self.catalog.classes[key]
            if cls.requires_origin and not origins:
                continue  # "the weapons" on its own names nothing
            systems = tuple(s.key for s in self.catalog.class_systems(cls, origins))
            low, high = self.class_range(cls, systems)
            found.append(WeaponMention(
                key=key, text=span.text, start=span.start_char, end=span.end_char,
                kind="class", origin=origins or cls.origins, systems=systems,
                min_range_km=low, max_range_km=high))
        return found

    def class_range(self, cls: WeaponClass, systems: tuple[str, ...]
                    ) -> tuple[float | None, float | None]:
        """A class's reach: its own systems, or a stated default; none for "any weapon"."""
        if cls.systems:
            return self.catalog.range_of(list(systems))
        if cls.default_max_range_km is not None:
            return None, float(cls.default_max_range_km)
        if cls.requires_origin or cls.origins:
            return None, None  # "US weapons": every kind, so no single reach
        return self.catalog.range_of(list(systems))

    def _origins(self, doc: Doc, span: Span, countries: dict[int, str]) -> tuple[str, ...]:
        found: list[str] = []
        sent_start = span.sent.start
        for i in range(span.start - 1, max(sent_start, span.start - LEFT_WINDOW) - 1, -1):
            token = doc[i]
            if i in countries:
                found.append(countries[i])
                # "British and French weapons": keep walking over coordinated adjectives.
                continue
            if token.is_punct and token.text not in "-–":
                break
            if token.pos_ in ("DET", "VERB", "ADP", "PRON", "AUX") and token.lower_ not in \
                    self.supply_words and token.lemma_ not in self.supply_words:
                break
        if not found:
            found.extend(self._supplied_by(doc, span, countries))
        if not found:
            found.extend(self._given_by(span, countries))
        return tuple(dict.fromkeys(reversed(found)))

    def _given_by(self, span: Span, countries: dict[int, str]) -> list[str]:
        """"weapons that Britain, France and Germany had given Ukraine": the relative clause's
        subject names the suppliers."""
        out: list[str] = []
        for clause in span.root.children:
            if clause.dep_ != "relcl" or (clause.lemma_ not in self.supply_words
                                          and clause.lower_ not in self.supply_words):
                continue
            for child in clause.children:
                if child.dep_ == "nsubj":
                    out.extend(countries[t.i] for t in child.subtree if t.i in countries)
        return list(reversed(out))

    def _supplied_by(self, doc: Doc, span: Span, countries: dict[int, str]) -> list[str]:
        """"weapons supplied to Ukraine by Britain, France and Germany" -> the "by" countries."""
        end = min(span.sent.end, span.end + RIGHT_WINDOW)
        supply_at = next((i for i in range(span.end, min(end, span.end + 3))
                          if doc[i].lower_ in self.supply_words
                          or doc[i].lemma_ in self.supply_words), None)
        if supply_at is None:
            return []
        by_at = next((i for i in range(supply_at + 1, end) if doc[i].lower_ == "by"), None)
        if by_at is None:
            return []
        out: list[str] = []
        for i in range(by_at + 1, end):
            token = doc[i]
            if i in countries:
                out.append(countries[i])
            elif token.is_punct and token.text != "," or token.pos_ in ("VERB", "AUX"):
                break
        return out
