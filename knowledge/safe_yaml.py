"""YAML read and written safely, for files people paste or upload (publiccode.yml).

`load` builds only dicts (with text keys), lists, text, numbers, booleans and None. It refuses, with
`Refused(path, message)` and never another exception: input over `max_bytes`, text that is not UTF-8,
explicit tags (``!!python/object/apply:os.system``, any ``!tag``), aliases (``*name``: refused outright,
so no "billion laughs" expansion is possible; anchors alone are harmless and ignored), collections
nested deeper than `max_depth`, keys that are not plain text, duplicate keys, and more than one
document. Scalars follow the YAML 1.2 core schema (``NO`` and ``yes`` are text, no dates), or YAML 1.1
when the caller asks for it for files written against it. `dump` writes text that reads back the same
under both, with no aliases.
"""

import re

import yaml
from django.utils.translation import gettext as _


class Refused(Exception):
    def __init__(self, path, message):
        super().__init__(message)
        self.path, self.message = path, message


def _where(mark):
    return _("line %(line)d, column %(column)d") % {"line": mark.line + 1, "column": mark.column + 1}


class _Guard:
    """Refuses tags, aliases and deep nesting while PyYAML composes the node tree."""

    max_depth = 20
    _depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise Refused("", _("aliases (*name) are not accepted") + f" ({_where(event.start_mark)})")
        if event.tag is not None:
            raise Refused("", _("YAML tags such as %(tag)s are not accepted") % {"tag": event.tag})
        nested = isinstance(event, yaml.CollectionStartEvent)
        self._depth += nested
        if self._depth > self.max_depth:
            raise Refused("", _("nested deeper than %(max)d levels") % {"max": self.max_depth})
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= nested


class _Yaml11Loader(_Guard, yaml.SafeLoader):
    pass


class _Yaml12Loader(_Guard, yaml.SafeLoader):
    yaml_implicit_resolvers = {}  # replaced below by the YAML 1.2 core schema


_YAML12_SCALARS = (  # YAML 1.2 core schema, section 10.3.2
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
)
for _tag, _pattern, _first in _YAML12_SCALARS:
    _Yaml12Loader.add_implicit_resolver(
        _tag, re.compile(_pattern), [*_first, ""] if "~" in _first else list(_first)
    )

_YAML11 = yaml.constructor.SafeConstructor()


def _scalar(node, path, yaml11):
    kind, text = node.tag.rsplit(":", 1)[-1], node.value
    try:
        if kind == "null":
            return None
        if kind == "bool":
            return text.lower() in ("true", "yes", "on")
        if kind in ("int", "float") and yaml11:
            return _YAML11.construct_object(node)
        if kind == "int":
            return int(text[2:], 8 if text[1] == "o" else 16) if text[:2] in ("0o", "0x") else int(text)
        if kind == "float":
            return float(text.lower().replace(".inf", "inf").replace(".nan", "nan"))
    except ValueError:  # e.g. an integer of more digits than Python converts
        raise Refused(path, _("this number cannot be read")) from None
    return text  # text, and YAML 1.1 dates: kept as written


def _value(node, path, yaml11):
    if isinstance(node, yaml.MappingNode):
        mapping = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise Refused(path, _("keys must be plain text"))
            key_path = f"{path}.{key_node.value}" if path else key_node.value
            if key_node.value in mapping:
                raise Refused(key_path, _("this key appears twice"))
            mapping[key_node.value] = _value(value_node, key_path, yaml11)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [_value(item, f"{path}[{i}]", yaml11) for i, item in enumerate(node.value)]
    return _scalar(node, path, yaml11)


def _compose(text, loader_class, max_depth):
    loader = loader_class(text)
    loader.max_depth = max_depth
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    if node is None:
        raise Refused("", _("the file is empty"))
    return _value(node, "", loader_class is _Yaml11Loader)


def load(source, *, max_bytes, max_depth, yaml11=lambda tree: False):
    """The document in `source` (text or bytes); `yaml11(tree)` says whether to read it again as 1.1."""
    too_large = len(source) > max_bytes
    if isinstance(source, str) and not too_large:
        too_large = len(source.encode("utf-8", "replace")) > max_bytes
    if too_large:
        raise Refused("", _("the file is too large (at most %(kb)d KB)") % {"kb": max_bytes // 1024})
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Refused("", _("the file is not UTF-8 text")) from None
    try:
        tree = _compose(source, _Yaml12Loader, max_depth)
        return _compose(source, _Yaml11Loader, max_depth) if yaml11(tree) else tree
    except yaml.MarkedYAMLError as error:
        where = _where(error.problem_mark) if error.problem_mark else ""
        raise Refused(
            "", _("not valid YAML (%(where)s): %(problem)s") % {"where": where, "problem": error.problem}
        ) from None
    except yaml.YAMLError as error:
        raise Refused("", _("not valid YAML: %(problem)s") % {"problem": error}) from None


class Quoted(str):
    """Text that `dump` writes in double quotes, such as a version number."""


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True  # `load` refuses aliases


def _represent_text(dumper, text):
    # PyYAML writes NEL and the Unicode line/paragraph separators raw in single quotes and reads them
    # back as line folds; in double quotes they are escaped and survive.
    escaped = isinstance(text, Quoted) or any(ch in text for ch in "\x85\u2028\u2029")
    style = '"' if escaped else "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(text), style=style)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(Quoted, _represent_text)
# Quote any text that YAML 1.2 would read as something else too (1.1's rules are already there).
for _tag, _pattern, _first in _YAML12_SCALARS:
    _Dumper.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def dump(tree):
    """Block-style YAML, keys in the order given, Unicode as is."""
    return yaml.dump(tree, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False)
