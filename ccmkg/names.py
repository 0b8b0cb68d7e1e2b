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
        """Split "A, B and C." into names as written, each with a remark in parentheses if any.

        "Bosnia and Herzegovina" and "United Kingdom of Great Britain and Northern Ireland"
        hold an "and": a chunk is split at " and " only where both sides resolve.
        """
        body = text.strip().rstrip(".").strip()
        body = re.sub(r"^Including ", "", body)
        chunks = [c.strip() for c in re.split(r", in addition to |, ", body) if c.strip()]
        names: list[tuple[str, str]] = []
        for chunk in chunks:
            names.extend(self._split_and(chunk, where))
        return names

    def _split_and(self, chunk: str, where: str) -> list[tuple[str, str]]:
        chunk = re.sub(r"^and ", "", chunk)
        whole = self._with_remark(chunk)
        if whole:
            return [whole]
        for match in re.finditer(r" and ", chunk):
            left, right = chunk[:match.start()], chunk[match.end():]
            if self._with_remark(left) and (self._with_remark(right) or " and " in right):
                return [self._with_remark(left)] + self._split_and(right, where)
        raise InputError(where, f"unknown name '{chunk}': add it to names.yaml")

    def _with_remark(self, chunk: str) -> tuple[str, str] | None:
        """(name, remark) if the chunk is a known name, optionally followed by "(remark)"."""
        if not self.find(chunk) and re.match(r"^[Tt]he ", chunk):
            chunk = chunk[4:]  # "the United Nations Mine Action Service"
        if self.find(chunk):
            return chunk, ""
        match = re.match(r"^(.*?) \((.*)\)$", chunk)
        if match and self.find(match.group(1)):
            return match.group(1), match.group(2)
        return None


def iso3_code(code, where: str, name: str) -> str:
    """A code of names.yaml: an ISO 3166-1 alpha-3 code that pycountry knows."""
    if not (isinstance(code, str) and re.fullmatch(r"[A-Z]{3}", code) and pycountry.countries.get(alpha_3=code)):
        raise InputError(where,
                         f"{code!r} for '{name}' is not an ISO 3166-1 alpha-3 code that pycountry knows")
    return code


def _pycountry_alpha3(name: str) -> str | None:
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def current_name(iso3: str) -> str:
    """The name ISO 3166 gives today, for an alternative label ("Eswatini" for "Swaziland")."""
    country = pycountry.countries.get(alpha_3=iso3)
    return getattr(country, "common_name", None) or country.name
