"""Scoring and benchmarking as pure functions: no Flask, no database, no I/O.

Given a survey definition, its method and one response's answers, :func:`score` returns frozen
result objects; :func:`recommend` applies the referral rules; :func:`benchmark` compares one
response with a table of peers. The same answers always give the same numbers
(docs/scoring.md).
"""

from .benchmark import (
    GroupBenchmark, MetricBenchmark, PeerTable, benchmark, metric_names, metrics_of, own_groups, percentile_rank,
)
from .compute import AreaResult, Result, competence_score, group_code, score
from .recommend import Recommendation, recommend, top_recommendations

__all__ = [
    "AreaResult", "GroupBenchmark", "MetricBenchmark", "PeerTable", "Recommendation", "Result",
    "benchmark", "competence_score", "metric_names", "metrics_of", "own_groups", "group_code",
    "percentile_rank",
    "recommend", "score", "top_recommendations",
]
