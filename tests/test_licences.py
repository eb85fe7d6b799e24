"""Digianalyysi is GPL-3.0-or-later (the website check ships the GPL-3.0 Wappalyzer fingerprints),
so every package it runs on must be under a licence compatible with GPL-3.0. This reads the
licence metadata of every installed runtime dependency (the closure of the project's own
requirements; the test and bench extras are tools, not distributed) and fails on one that is not
on the allow-list, naming the package and what its metadata says."""

from __future__ import annotations

import importlib.metadata as metadata
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]

# SPDX identifiers (and two names without one) of licences compatible with GPL-3.0: the FSF's list
# of GPL-compatible free software licences. "BSD" is a classifier that does not say which BSD
# licence: the 2- and 3-clause ones are compatible; the 4-clause one (with the advertising clause)
# is not, and is recognised by that clause where a full text is given.
COMPATIBLE = {
    "0BSD", "Apache-2.0", "BSD", "BSD-2-Clause", "BSD-3-Clause", "CC0-1.0", "HPND", "ISC", "MIT", "MIT-CMU",
    "MPL-2.0", "PSF-2.0", "Python-2.0", "Unlicense", "W3C", "Zlib", "LicenseRef-Public-Domain",
    "LGPL-2.0-or-later", "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later",
    "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later",
}

# "License :: ..." trove classifiers -> SPDX
CLASSIFIERS = {
    "OSI Approved :: MIT License": "MIT",
    "OSI Approved :: MIT No Attribution License (MIT-0)": "MIT-0",
    "OSI Approved :: BSD License": "BSD",
    "OSI Approved :: Apache Software License": "Apache-2.0",
    "OSI Approved :: ISC License (ISCL)": "ISC",
    "OSI Approved :: Python Software Foundation License": "PSF-2.0",
    "OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
    "OSI Approved :: The Unlicense (Unlicense)": "Unlicense",
    "OSI Approved :: W3C License": "W3C",
    "OSI Approved :: zlib/libpng License": "Zlib",
    "OSI Approved :: Historical Permission Notice and Disclaimer (HPND)": "HPND",
    "OSI Approved :: GNU Lesser General Public License v2 (LGPLv2)": "LGPL-2.0-or-later",
    "OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)": "LGPL-2.0-or-later",
    "OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)": "LGPL-3.0-only",
    "OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)": "LGPL-3.0-or-later",
    "OSI Approved :: GNU Library or Lesser General Public License (LGPL)": "LGPL-2.0-or-later",
    "OSI Approved :: GNU General Public License v2 (GPLv2)": "GPL-2.0-only",
    "OSI Approved :: GNU General Public License v2 or later (GPLv2+)": "GPL-2.0-or-later",
    "OSI Approved :: GNU General Public License v3 (GPLv3)": "GPL-3.0-only",
    "OSI Approved :: GNU General Public License v3 or later (GPLv3+)": "GPL-3.0-or-later",
    "OSI Approved :: GNU Affero General Public License v3": "AGPL-3.0-only",
    "OSI Approved :: Eclipse Public License 1.0 (EPL-1.0)": "EPL-1.0",
    "OSI Approved :: European Union Public Licence 1.2 (EUPL 1.2)": "EUPL-1.2",
    "CC0 1.0 Universal (CC0 1.0) Public Domain Dedication": "CC0-1.0",
    "Public Domain": "LicenseRef-Public-Domain",
    "Other/Proprietary License": "LicenseRef-Proprietary",
}

# The many ways a License field spells a licence (first line, lower case) -> SPDX
SPELLINGS = [
    (r"mit(?: license)?|the mit license \(mit\)|expat(?: license)?", "MIT"),
    (r"mit-cmu|hpnd", "HPND"),
    (r"bsd(?: license)?(?: \(see .*)?", "BSD"),
    (r"(?:new|modified|revised) bsd(?: license)?|bsd(?:-| )3(?:-| )clause(?: license)?|3-clause bsd(?: license)?|bsd-3",
     "BSD-3-Clause"),
    (r"bsd(?:-| )2(?:-| )clause(?: license)?|simplified bsd(?: license)?|freebsd", "BSD-2-Clause"),
    (r"apache(?: software)?(?: license)?,?(?: version)? ?2(?:\.0)?|apache-2\.0|apache 2\.0 license|asl 2\.0",
     "Apache-2.0"),
    (r"isc(?: license)?(?: \(iscl\))?", "ISC"),
    (r"psf(?:-2\.0)?|python software foundation license|psfl", "PSF-2.0"),
    (r"mpl[- ]?2\.0|mozilla public license,? (?:version )?2\.0", "MPL-2.0"),
    (r"lgpl(?:v?2\.1\+?|v?3\+?|-2\.1-or-later|-3\.0-or-later)?|gnu lesser general public license.*",
     "LGPL-2.0-or-later"),
    (r"gplv3\+?|gpl-3\.0(?:-or-later|-only)?|gnu gpl v3|gnu general public license v3.*", "GPL-3.0-only"),
    (r"unlicense|the unlicense", "Unlicense"),
    (r"zlib(?:/libpng)?(?: license)?", "Zlib"),
    (r"public domain", "LicenseRef-Public-Domain"),
    (r"cc0(?:-1\.0)?", "CC0-1.0"),
]


def _from_text(text: str) -> str:
    """An SPDX id for a free-text License field: a known short spelling, or a known full text
    (recognised by its wording), else LicenseRef-Unknown."""
    first = text.strip().splitlines()[0].strip().lower() if text.strip() else ""
    for pattern, spdx in SPELLINGS:
        if re.fullmatch(pattern, first):
            return spdx
    body = " ".join(text.lower().split())
    if "all advertising materials mentioning features" in body:
        return "BSD-4-Clause"
    if "redistribution and use in source and binary forms" in body:
        return "BSD-3-Clause" if "endorse or promote products" in body else "BSD-2-Clause"
    if "permission is hereby granted, free of charge" in body:
        return "MIT"
    return "LicenseRef-Unknown"


def _expression_ok(expression: str) -> bool:
    """An SPDX licence expression (AND, OR, WITH, parentheses) compatible with GPL-3.0: each
    AND-ed part must be, one OR-ed alternative suffices; an exception (WITH) only adds permissions."""
    tokens = re.findall(r"\(|\)|[^\s()]+", expression)
    position = 0

    def alternatives() -> bool:
        nonlocal position
        ok = conjunction()
        while position < len(tokens) and tokens[position].upper() == "OR":
            position += 1
            ok = conjunction() or ok
        return ok

    def conjunction() -> bool:
        nonlocal position
        ok = term()
        while position < len(tokens) and tokens[position].upper() == "AND":
            position += 1
            ok = term() and ok
        return ok

    def term() -> bool:
        nonlocal position
        token = tokens[position]
        position += 1
        if token == "(":
            ok = alternatives()
            position += 1  # ")"
        elif token.endswith("+"):  # "GPL-2.0+": that version or later
            ok = f"{token[:-1]}-or-later" in COMPATIBLE
        else:  # a deprecated id without -only/-or-later ("GPL-3.0") means -only
            ok = token in COMPATIBLE or f"{token}-only" in COMPATIBLE
        if position < len(tokens) and tokens[position].upper() == "WITH":
            position += 2
        return ok

    return bool(tokens) and alternatives() and position == len(tokens)


def licence(meta) -> str:
    """The licence of a distribution's metadata as an SPDX expression: License-Expression
    (PEP 639), else its licence classifiers (AND-ed: each must be compatible), else its License
    field."""
    if meta.get("License-Expression"):
        return meta["License-Expression"]
    classifiers = [c.removeprefix("License :: ") for c in meta.get_all("Classifier") or []
                   if c.startswith("License :: ") and c != "License :: OSI Approved"]
    if classifiers:
        return " AND ".join(CLASSIFIERS.get(c, f"LicenseRef-Unknown({c})") for c in classifiers)
    return _from_text(meta.get("License") or "")


def runtime_closure(name: str = "digianalyysi") -> dict[str, metadata.Distribution]:
    """Every installed distribution the project needs at run time: its requirements without
    extras, and theirs, transitively."""
    found, pending = {}, [name]
    while pending:
        requirement = pending.pop()
        key = canonicalize_name(requirement)
        if key in found:
            continue
        found[key] = metadata.distribution(requirement)
        for line in found[key].requires or []:
            dependency = Requirement(line)
            if dependency.marker is None or dependency.marker.evaluate({"extra": ""}):
                pending.append(dependency.name)
    del found[canonicalize_name(name)]
    return found


def test_every_runtime_dependency_is_gpl3_compatible():
    dependencies = runtime_closure()
    assert {"flask", "reportlab", "wappalyzer-python3", "numpy"} <= set(dependencies)
    assert not {"pytest", "playwright", "hypothesis", "weasyprint"} & set(dependencies)  # tools, not shipped
    refused = {name: (licence(dist.metadata), dist.metadata.get("License", "")[:80])
               for name, dist in sorted(dependencies.items()) if not _expression_ok(licence(dist.metadata))}
    assert refused == {}, "not known to be compatible with GPL-3.0 (licence, License field): " + repr(refused)


def test_the_project_itself_is_gpl3_or_later():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["license"] == "GPL-3.0-or-later" and project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text("utf-8")
    assert text.lstrip().startswith("GNU GENERAL PUBLIC LICENSE\n                       Version 3, 29 June 2007")
    assert "END OF TERMS AND CONDITIONS" in text and len(text.splitlines()) == 674
    assert "GPL-3.0-or-later" in (ROOT / "README.md").read_text("utf-8")


@pytest.mark.parametrize("expression, compatible", [
    ("MIT", True), ("BSD-3-Clause AND 0BSD AND MIT AND Zlib AND CC0-1.0", True), ("Apache-2.0 OR BSD-2-Clause", True),
    ("PSF-2.0", True), ("MIT-CMU", True), ("LGPL-2.1-or-later", True), ("MPL-2.0", True), ("GPL-3.0-only", True),
    ("GPL-2.0+", True), ("Apache-2.0 WITH LLVM-exception", True), ("(MIT OR GPL-2.0-only) AND ISC", True),
    ("GPL-3.0", True), ("LGPL-2.1", True), ("GPL-2.0", False), ("GPL-2.0-only", False), ("BSD-4-Clause", False),
    ("Apache-1.1", False), ("EPL-1.0", False),
    ("SSPL-1.0", False), ("CC-BY-NC-4.0", False), ("AGPL-3.0-only", False), ("MIT AND GPL-2.0-only", False),
    ("GPL-2.0-only OR SSPL-1.0", False), ("LicenseRef-Proprietary", False), ("", False),
])
def test_licence_expressions(expression, compatible):
    assert _expression_ok(expression) is compatible


@pytest.mark.parametrize("text, spdx", [
    ("MIT", "MIT"), ("MIT License", "MIT"), ("The MIT License (MIT)", "MIT"), ("BSD", "BSD"),
    ("BSD License", "BSD"), ("BSD-3-Clause", "BSD-3-Clause"), ("3-Clause BSD License", "BSD-3-Clause"),
    ("New BSD License", "BSD-3-Clause"), ("Simplified BSD License", "BSD-2-Clause"),
    ("BSD license (see license.txt for details), Copyright (c) 2000-2024, ReportLab Inc.", "BSD"),
    ("Apache License, Version 2.0", "Apache-2.0"), ("Apache 2.0", "Apache-2.0"), ("Apache Software License", None),
    ("MPL-2.0", "MPL-2.0"), ("LGPL", "LGPL-2.0-or-later"), ("Unlicense", "Unlicense"), ("ISC", "ISC"),
    ("GPLv3", "GPL-3.0-only"), ("PSF", "PSF-2.0"), ("Public Domain", "LicenseRef-Public-Domain"),
    ("Copyright 2010 X\n\nRedistribution and use in source and binary forms ... Neither the name ... endorse or "
     "promote products derived", "BSD-3-Clause"),
    ("Copyright X\nRedistribution and use in source and binary forms ... All advertising materials mentioning "
     "features or use of this software", "BSD-4-Clause"),
    ("Copyright X\nPermission is hereby granted, free of charge, to any person", "MIT"),
    ("Proprietary", "LicenseRef-Unknown"), ("", "LicenseRef-Unknown"),
])
def test_licence_spellings(text, spdx):
    assert _from_text(text) == (spdx or "LicenseRef-Unknown")


class Meta(dict):
    def __init__(self, classifiers=(), **fields):
        super().__init__(fields)
        self.classifiers = list(classifiers)

    def get_all(self, name):
        return self.classifiers if name == "Classifier" else None


@pytest.mark.parametrize("meta, compatible", [
    (Meta(["License :: OSI Approved :: BSD License"], License="=== The Kiwi licensing terms ==="), True),
    (Meta(["License :: OSI Approved :: GNU General Public License v3 (GPLv3)"]), True),
    (Meta(["License :: OSI Approved :: GNU General Public License v2 (GPLv2)"]), False),
    (Meta(["License :: OSI Approved", "License :: Other/Proprietary License"]), False),
    (Meta(["License :: OSI Approved :: Some New License"]), False),
    (Meta(["License :: OSI Approved :: MIT License"], **{"License-Expression": "SSPL-1.0"}), False),
    (Meta(License="Apache-2.0"), True),
    (Meta(License="Custom licence, see LICENSE"), False),
])
def test_metadata_precedence(meta, compatible):
    """License-Expression first, then the licence classifiers, then the License field."""
    assert _expression_ok(licence(meta)) is compatible
