"""Code books (quanteda's dictionaries): categories → words or patterns, read from YAML or
CSV and validated (stage: a table file → ``scoring.score_dictionary``).

Entries, one per line of the file (quanteda's dictionary conventions):

* ``资金`` a word: one token equal to it. A word the tokenizer splits (援助资金 → 援助 资金),
  or one written with spaces (``东西部 协作``), is a phrase: consecutive tokens of a sentence.
* ``帮扶*`` a glob (``*`` any characters, ``?`` one): one token matching it.
* ``/^对口.+$/`` a regular expression between slashes, searched in one token.

YAML: ``name``, optional ``description``, and ``categories``, a mapping of category →
list of entries. CSV: columns ``category,entry`` (optional ``note``); lines starting with
``#`` are comments. A bad entry raises ``DictionaryError`` naming the file and the line.
"""

from __future__ import annotations

import csv
import fnmatch
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis.tokens import cut

DATA_DIR = Path(__file__).parent / "data" / "codebooks"
EXAMPLE = DATA_DIR / "policy_instruments.yaml"


class DictionaryError(ValueError):
    """A dictionary file that cannot be used: the message names the file and the line."""


@dataclass(frozen=True)
class Entry:
    """One dictionary entry: its text as written, its kind and, for a phrase, its tokens."""

    text: str
    kind: str  # "word", "phrase", "glob" or "regex"
    tokens: tuple[str, ...]
    line: int
    pattern: re.Pattern[str] | None = None

    def matches(self, token: str) -> bool:
        """Whether one token is matched (words, globs and regexes; phrases never)."""
        if self.kind == "word":
            return token == self.text
        if self.pattern is not None:
            return self.pattern.search(token) is not None
        return False


@dataclass(frozen=True)
class Dictionary:
    """Categories of entries, in file order; ``path`` is where they were read from."""

    name: str
    categories: dict[str, list[Entry]]
    path: str = "<memory>"
    description: str = ""
    settings: dict = field(default_factory=dict)

    @property
    def entries(self) -> list[tuple[str, Entry]]:
        return [(c, e) for c, items in self.categories.items() for e in items]


def make_entry(text: str, *, where: str, line: int) -> Entry:
    """Parse one entry; ``where`` (a file name) and ``line`` go into any error message."""
    text = str(text).strip()
    if not text:
        raise DictionaryError(f"{where}, line {line}: empty entry")
    if len(text) >= 2 and text.startswith("/") and text.endswith("/"):
        try:
            return Entry(text, "regex", (), line, re.compile(text[1:-1]))
        except re.error as exc:
            raise DictionaryError(
                f"{where}, line {line}: bad regular expression {text}: {exc}"
            ) from None
    if any(ch in text for ch in "*?"):
        if any(ch.isspace() for ch in text):
            raise DictionaryError(f"{where}, line {line}: a glob matches one token: {text!r}")
        return Entry(text, "glob", (), line, re.compile(fnmatch.translate(text)))
    parts = (
        text.split() if any(ch.isspace() for ch in text) else [w for w in cut(text) if w.strip()]
    )
    if len(parts) > 1:
        return Entry(text, "phrase", tuple(parts), line)
    return Entry(text, "word", (text,), line)


def _add(categories: dict[str, list[Entry]], category: str, entry: Entry, where: str) -> None:
    items = categories.setdefault(category, [])
    if any(e.text == entry.text for e in items):
        raise DictionaryError(f"{where}, line {entry.line}: {entry.text!r} twice in {category!r}")
    items.append(entry)


def dictionary_from_mapping(
    categories: dict[str, list[str]], *, name: str = "dictionary"
) -> Dictionary:
    """A dictionary from a Python mapping (entries numbered as lines from 1 per category)."""
    out: dict[str, list[Entry]] = {}
    for cat, words in categories.items():
        for k, w in enumerate(words, 1):
            _add(out, str(cat), make_entry(w, where=name, line=k), name)
    if not out:
        raise DictionaryError(f"{name}: no category")
    return Dictionary(name, out)


def read_dictionary(path: str | Path) -> Dictionary:
    """Read a ``.yaml``/``.yml`` or ``.csv`` dictionary file (UTF-8) and validate every entry."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DictionaryError(f"{path}: cannot read the dictionary: {exc}") from None
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _from_yaml(text, path)
    if suffix == ".csv":
        return _from_csv(text, path)
    raise DictionaryError(f"{path}: a dictionary is a .yaml, .yml or .csv file")


def _from_csv(text: str, path: Path) -> Dictionary:
    lines = [
        (k, ln) for k, ln in enumerate(text.splitlines(), 1) if not ln.lstrip().startswith("#")
    ]
    reader = csv.reader(io.StringIO("\n".join(ln for _, ln in lines)))
    rows = list(reader)
    if not rows or [c.strip() for c in rows[0][:2]] != ["category", "entry"]:
        raise DictionaryError(
            f"{path}, line {lines[0][0] if lines else 1}: header must start with 'category,entry'"
        )
    categories: dict[str, list[Entry]] = {}
    for (line, _), row in zip(lines[1:], rows[1:], strict=False):
        if not any(c.strip() for c in row):
            continue
        if len(row) < 2 or not row[0].strip():
            raise DictionaryError(f"{path}, line {line}: expected 'category,entry', got {row}")
        _add(categories, row[0].strip(), make_entry(row[1], where=str(path), line=line), str(path))
    if not categories:
        raise DictionaryError(f"{path}: no entry")
    return Dictionary(path.stem, categories, str(path))


def _from_yaml(text: str, path: Path) -> Dictionary:
    import yaml  # imported here: only YAML dictionaries need it

    try:
        root = yaml.compose(text)  # nodes keep their line numbers, plain loads do not
    except yaml.YAMLError as exc:
        raise DictionaryError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(root, yaml.MappingNode):
        raise DictionaryError(f"{path}, line 1: expected a mapping with 'categories'")
    top = {k.value: v for k, v in root.value}
    cats = top.get("categories")
    if not isinstance(cats, yaml.MappingNode) or not cats.value:
        raise DictionaryError(f"{path}: 'categories' must map category names to lists of entries")
    categories: dict[str, list[Entry]] = {}
    for key, node in cats.value:
        line = key.start_mark.line + 1
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            raise DictionaryError(f"{path}, line {line}: category {key.value!r} needs a list")
        for item in node.value:
            where = item.start_mark.line + 1
            if not isinstance(item, yaml.ScalarNode):
                raise DictionaryError(f"{path}, line {where}: an entry is one string")
            _add(
                categories,
                str(key.value),
                make_entry(item.value, where=str(path), line=where),
                str(path),
            )
    name = top["name"].value if isinstance(top.get("name"), yaml.ScalarNode) else path.stem
    desc = top.get("description")
    return Dictionary(
        str(name), categories, str(path), desc.value if isinstance(desc, yaml.ScalarNode) else ""
    )
