"""Rules layer: policy statements (who may strike where, with what) from a parsed article."""

from mapper.rules.extract import StatementExtractor
from mapper.rules.lexicon import RuleLexicon, load_rule_lexicon, rule_lexicon

__all__ = ["RuleLexicon", "StatementExtractor", "load_rule_lexicon", "rule_lexicon"]
