"""Resolve the document's names to entities.

States resolve to ISO 3166-1 alpha-3 through pycountry, with an explicit alias table
(`names.yaml`) for the document's spellings that pycountry does not know ("Cape Verde",
"Swaziland", "Holy See" ...). Organizations, persons and offices resolve through the curated
identifiers of the same file. An unknown name is an error naming where it was met.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pycountry

from .annotations import Entry
from .errors import InputError

AGENT_CLASSES = {"State", "PoliticalEntity", "InternationalOrganization", "RegionalOrganization",
                 "UNEntity", "RedCrossRedCrescentBody", "NonGovernmentalOrganization",
                 "Institution", "Person", "Office"}


@dataclass
class Agent:
    key: str  # IRI path under ccmr:, e.g. "state/LBN", "org/icrc"
    cls: str  # ccm: class local name
    label: str  # the document's own spelling (first met), or the curated label
    iso3: str = ""
    spellings: list[str] = field(default_factory=list)
    note: str = ""


def normalize(name: str) -> str:
    """One spelling per name: curly apostrophes straightened, spaces folded."""
    return re.sub(r"\s+", " ", name.replace("’", "'")).strip()


class Names:
    def __init__(self, table: Entry):
        table.check_keys({"states", "entities", "organizations", "persons", "offices"})
        states = table["states"]
        if not isinstance(states, Entry):
            raise InputError(table.where, "'states' must be a mapping of names to ISO 3166-1 alpha-3 codes")
        self.aliases = {normalize(k): iso3_code(v, states.where_of(k), k) for k, v in states.items()}
        self.by_name: dict[str, Agent] = {}
        self.by_key: dict[str, Agent] = {}
        for entry in table.entries("entities"):
            entry.check_keys({"iso3", "class", "names"}, {"note"})
            iso3_code(entry["iso3"], entry.where_of("iso3"), "iso3")
            self._register(entry, f"entity/{entry['iso3']}", entry["iso3"])
        for section, prefix in (("organizations", "org"), ("persons", "person"), ("offices", "office")):
            for entry in table.entries(section):
                entry.check_keys({"id", "class", "names"}, {"note"})
                self._register(entry, f"{prefix}/{entry['id']}", "")

    def _register(self, entry: Entry, key: str, iso3: str) -> None:
        if entry["class"] not in AGENT_CLASSES:
            raise InputError(entry.where, f"unknown class '{entry['class']}'")
        if key in self.by_key:
            raise InputError(entry.where, f"'{key}' is listed twice")
        names = [normalize(n) for n in entry["names"]]
        agent = Agent(key, entry["class"], names[0], iso3, list(names), entry.get("note", ""))
        self.by_key[key] = agent
        for name in names:
            if name in self.by_name:
                raise InputError(entry.where, f"name '{name}' is given to two entities")
            self.by_name[name] = agent

    def find(self, name: str) -> Agent | None:
        name = normalize(name)
        if name in self.by_name:
            return self.by_name[name]
        iso3 = self.aliases.get(name) or _pycountry_alpha3(name)
        if iso3 is None:
            return None
        agent = self.by_key.setdefault(f"state/{iso3}", Agent(f"state/{iso3}", "State", name, iso3))
        if name not in agent.spellings:
            agent.spellings.append(name)
        return agent

    def resolve(self, name: str, where: str) -> Agent:
        agent = self.find(name)
        if agent is None:
            raise InputError(where, f"unknown name '{name}': add it to names.yaml")
        return agent

    def split_list(self, text: str, where: str) -> list[tuple[str, str]]:
        """Split a list as the document writes it into names, each with its remark in parentheses
        if any: "A.", "A and B.", "A, B, ... and C." (commas between names, "and" before the
        last), "Including " before it, ", in addition to " joining two such lists. Every name
        must resolve, and a list of several names must end in "and NAME": a list cut at either
        end or holding a name that is not one is an error naming `where`.

        "Bosnia and Herzegovina" and "United Kingdom of Great Britain and Northern Ireland" hold
        an "and": the last chunk is split at the " and " where both sides resolve.
        """
        body = text.strip()
        body = body[:-1] if body.endswith(".") else body
        body = body[len("Including "):] if body.startswith("Including ") else body
        names: list[tuple[str, str]] = []
        for sublist in split_outside_parentheses(body, ", in addition to "):
            names.extend(self._split_sublist(sublist, where))
        return names

    def _split_sublist(self, text: str, where: str) -> list[tuple[str, str]]:
        *firsts, last = split_outside_parentheses(text, ", ")
        names = [self._one_name(chunk, where) for chunk in firsts]
        if not firsts and self._with_remark(last):
            return [self._with_remark(last)]  # a list of one name
        for cut in split_points(last, " and "):
            left, right = self._with_remark(last[:cut]), self._with_remark(last[cut + len(" and "):])
            if left and right:
                return names + [left, right]
        if firsts and self._with_remark(last):
            raise InputError(where, f"a list of several names must end in 'and NAME', not ', {last}'")
        raise InputError(where, f"unknown name '{last}': add it to names.yaml")

    def _one_name(self, chunk: str, where: str) -> tuple[str, str]:
        found = self._with_remark(chunk)
        if found is None:
            raise InputError(where, f"unknown name '{chunk}': add it to names.yaml")
        return found

    def _with_remark(self, chunk: str) -> tuple[str, str] | None:
        """(name, remark) if the chunk is a known name, optionally followed by "(remark)"."""
        if not self.find(chunk) and re.match(r"^[Tt]he ", chunk):
            chunk = chunk[4:]  # "the United Nations Mine Action Service"
        if self.find(chunk):
            return chunk, ""
        opening = last_parenthesis(chunk)
        if opening > 0 and chunk[opening - 1] == " " and self.find(chunk[:opening - 1]):
            return chunk[:opening - 1], chunk[opening + 1:-1]
        return None


def iso3_code(code, where: str, name: str) -> str:
    """A code of names.yaml: an ISO 3166-1 alpha-3 code that pycountry knows."""
    if not (isinstance(code, str) and re.fullmatch(r"[A-Z]{3}", code) and pycountry.countries.get(alpha_3=code)):
        raise InputError(where,
                         f"{code!r} for '{name}' is not an ISO 3166-1 alpha-3 code that pycountry knows")
    return code


def split_points(text: str, separator: str) -> list[int]:
    """Where `separator` starts in `text`, outside parentheses ("Iran (Islamic Republic of)")."""
    points, depth = [], 0
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and text.startswith(separator, i):
            points.append(i)
    return points


def last_parenthesis(text: str) -> int:
    """Where the parenthesis that closes `text` opens ("Iran (Islamic Republic of) (remark)"
    -> the second "("), or -1."""
    depth = 0
    for i in range(len(text) - 1, -1, -1) if text.endswith(")") else ():
        depth += {")": 1, "(": -1}.get(text[i], 0)
        if depth == 0:
            return i
    return -1


def split_outside_parentheses(text: str, separator: str) -> list[str]:
    pieces, start = [], 0
    for cut in split_points(text, separator):
        if cut >= start:
            pieces.append(text[start:cut])
            start = cut + len(separator)
    return pieces + [text[start:]]


def _pycountry_alpha3(name: str) -> str | None:
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def current_name(iso3: str) -> str:
    """The name ISO 3166 gives today, for an alternative label ("Eswatini" for "Swaziland")."""
    country = pycountry.countries.get(alpha_3=iso3)
    return getattr(country, "common_name", None) or country.name
