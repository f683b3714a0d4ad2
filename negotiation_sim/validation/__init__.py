"""Validation that can fail: proper scores of the model against null rules.

Core modules: `replay_score` (the prequential log score of the decision rule on what the record
says each actor did), `matching` (free-play precision, recall, F1 and order agreement with the
record), `outcome_scores` (Brier and CRPS of declared outcomes against their historical values),
`baselines` (base rates from other episodes for the base-rate null), `stats` (bootstrap
intervals) and `report` (the table `negotiation-sim validate` prints).
"""

from negotiation_sim.validation.report import ValidationReport, validate

__all__ = ["validate", "ValidationReport"]
