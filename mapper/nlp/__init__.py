"""The spaCy pipeline, loaded once per process."""

from mapper.nlp.pipeline import ModelNotInstalled, load_nlp

__all__ = ["ModelNotInstalled", "load_nlp"]
