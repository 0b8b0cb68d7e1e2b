"""Load the curated annotation files, keeping the line of every entry for error messages."""
from __future__ import annotations

from pathlib import Path

import yaml

from .errors import InputError, at


class Entry(dict):
    """A YAML mapping that remembers where it stands: `entry.where` is `file:line`."""

    where = ""
    lines: dict = {}  # `file:line` of each key

    def where_of(self, key) -> str:
        return self.lines.get(key, self.where)

    def need(self, key: str):
        if key not in self:
            raise InputError(self.where, f"missing key '{key}'")
        return self[key]

    def check_keys(self, required: set[str], optional: set[str] = frozenset()) -> "Entry":
        unknown = set(self) - required - set(optional)
        if unknown:
            raise InputError(self.where, f"unknown key(s) {', '.join(sorted(unknown))}; "
                                         f"expected {', '.join(sorted(required | set(optional)))}")
        for key in sorted(required):
            self.need(key)
        return self

    def entries(self, key: str) -> list["Entry"]:
        items = self.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, Entry) for i in items):
            raise InputError(self.where, f"'{key}' must be a list of mappings")
        return items


def _loader_for(path: Path):
    # libyaml's parser where installed (ten times faster); both give every node its line
    class LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        pass

    def construct_mapping(loader, node):
        lines = key_lines(loader, node, path)
        loader.flatten_mapping(node)
        entry = Entry(loader.construct_pairs(node, deep=True))
        entry.where = at(path, node.start_mark.line + 1)
        entry.lines = lines
        return entry

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    # dates stay strings: the graph types them itself, and a typo must not become a datetime
    LineLoader.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return LineLoader


def key_lines(loader, node, path: Path) -> dict:
    """`file:line` of each key of a mapping node; a key given twice is an error naming both lines
    (YAML would silently keep the last value)."""
    lines: dict = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue  # `<<: *anchor` may be overridden by the mapping's own keys
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            if key in lines:
                raise InputError(at(path, line), f"key '{key}' given twice in one mapping, first at "
                                                 f"{lines[key]} (YAML would keep only the last)")
            lines[key] = at(path, line)
        except TypeError:  # an unhashable key: construct_pairs lets the constructor report it
            pass
    return lines


def load(path: Path) -> Entry:
    """One annotation file as an Entry; a malformed file names its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read: {exc}") from None
    try:
        data = yaml.load(text, Loader=_loader_for(path))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise InputError(at(path, mark.line + 1 if mark else None),
                         f"malformed YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise InputError(str(path), f"malformed YAML: {exc}") from None
    if not isinstance(data, Entry):
        raise InputError(at(path, 1), "expected a mapping at the top of the file")
    return data


def load_all(folder: Path) -> dict[str, Entry]:
    """Every `*.yaml` of one document's annotation folder, by file stem."""
    if not folder.is_dir():
        raise InputError(str(folder), "annotation folder not found")
    return {p.stem: load(p) for p in sorted(folder.glob("*.yaml"))}



NAME_SECTIONS = ("states", "entities", "organizations", "persons", "offices")


def load_names(shared: Path, own: Entry | None) -> Entry:
    """The names table a document resolves its names through: the shared table, with the
    document's own `names.yaml` (`own`, if it has one) added to it: more State spellings under
    `states`, more entries under the other sections. A spelling the shared table already maps is
    an error naming the line; an entity listed twice is one of Names, as within one file."""
    table = load(shared)
    if own is None:
        return table
    own.check_keys(set(), set(NAME_SECTIONS))
    merged = Entry(table)
    merged.where, merged.lines = table.where, table.lines
    shared_states = table.get("states")
    states = Entry(shared_states if isinstance(shared_states, dict) else {})
    states.where, states.lines = table.where_of("states"), dict(getattr(shared_states, "lines", {}))
    own_states = own.get("states") or Entry()
    for name, code in own_states.items():
        if name in states:
            raise InputError(own_states.where_of(name), f"'{name}' is already in {shared}")
        states[name] = code
        states.lines[name] = own_states.where_of(name)
    merged["states"] = states
    for section in NAME_SECTIONS[1:]:
        merged[section] = [*table.entries(section), *own.entries(section)]
    return merged
