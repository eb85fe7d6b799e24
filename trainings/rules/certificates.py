"""The certificate rule: whether a participant's attendance earns the certificate (pure)."""

from __future__ import annotations


def certificate_due(rule: str, min_share: float, held: int, present: int) -> bool:
    """``share``: present at ``min_share`` of the sessions held or more, exactly (3 of 4 is
    75 %, 2 of 3 is not); ``any``: at least one session; ``none``: never."""
    if rule == "none" or held <= 0 or present <= 0:
        return False
    if rule == "any":
        return True
    return present * 1_000_000 >= round(min_share * 1_000_000) * held

