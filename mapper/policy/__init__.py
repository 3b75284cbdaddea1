"""Document-level policies reconciled from an article's statements (mapper.rules)."""

from mapper.policy.reconcile import policy_specificity, reconcile, specificity

__all__ = ["policy_specificity", "reconcile", "specificity"]
