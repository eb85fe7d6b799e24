"""The schema.org type hierarchy the structured-data check needs (data/schema_types.toml): which
types name a company (Organization, LocalBusiness and every subtype: a Bakery is a
FoodEstablishment is a LocalBusiness) or what it sells (Product, Offer)."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

DATA = Path(__file__).parent / "data" / "schema_types.toml"


class SchemaTypesError(ValueError):
    pass


def descendants(subtypes: dict[str, list[str]], roots) -> frozenset[str]:
    """Every type under ``roots`` (the roots included), following ``subtypes`` (parent → children)."""
    found, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo.extend(subtypes.get(name, []))
    return frozenset(found)


def validate(data: dict, name: str = "schema_types.toml") -> dict:
    subtypes, describes = data.get("subtypes"), data.get("describes")
    if not isinstance(subtypes, dict) or not all(isinstance(v, list) and all(isinstance(t, str) for t in v)
                                                 for v in subtypes.values()):
        raise SchemaTypesError(f"{name}: [subtypes] must list each parent's subtypes as names")
    if not isinstance(describes, dict) or not {"company", "offering"} <= set(describes):
        raise SchemaTypesError(f"{name}: [describes] needs 'company' and 'offering'")
    return data


@functools.lru_cache(maxsize=1)
def load() -> dict[str, frozenset[str]]:
    """{"company": types naming a company, "offering": types naming what it sells}."""
    try:
        data = validate(tomllib.loads(DATA.read_text("utf-8")))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SchemaTypesError(f"schema_types.toml: {exc}") from None
    return {kind: descendants(data["subtypes"], roots) for kind, roots in data["describes"].items()}


def describes_company(schema_type: str) -> bool:
    """Is this schema.org type (a bare name such as "Bakery") an organisation or local business?"""
    return _bare(schema_type) in load()["company"]


def describes_offering(schema_type: str) -> bool:
    return _bare(schema_type) in load()["offering"]


def _bare(schema_type: str) -> str:
    """"https://schema.org/Bakery" and "schema:Bakery" are "Bakery"."""
    return schema_type.rsplit("/", 1)[-1].rsplit(":", 1)[-1].strip()
