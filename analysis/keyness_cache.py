"""wordfreq's list as the keyness reference needs it, filtered once and kept on disk (stage:
tokens → **analyse**; used by ``keyness.reference_from_wordfreq``).

Filtering the Chinese list with the token filter (a tag and a verdict for each of its 334,609
words) takes about 1.1 s per process, more than the rest of notebook 04's keyness. The result
depends only on the list (wordfreq's version, language, list name) and on what the filter
reads (the code of ``keep_token`` and ``dictionary_tag``, jieba's version for its tags, the
active dictionary packs, the stopword list), so ``kept_proportions`` keeps it in
``build/wordfreq_reference/`` under a key made of all of these; a later process (the next
notebook, the next build, a test) reads it. A damaged, truncated or foreign entry is made
again; where the folder cannot be written (a read-only checkout) the list is filtered in
memory as before. The entry holds the kept words sorted, their proportions as float64 bytes
(exactly the floats) and their places in wordfreq's order, so the reference is the same, bit
for bit and in the same order, and wordfreq's Traditional → Simplified table, so a hit imports
nothing of wordfreq. It is read as a ``Proportions`` table (no dict of 328,962 words).
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import os
from importlib import metadata
from pathlib import Path

import numpy as np

from analysis.dictionaries import pack_files
from analysis.paths import BUILD_DIR
from analysis.proportions import Proportions
from analysis.tokens import Token, dictionary_tag, jieba_tags, keep_token, stopword_set

CACHE_DIR = BUILD_DIR / "wordfreq_reference"


def filter_proportions(props: dict[str, float]) -> dict[str, float]:
    """The entries of ``props`` the default token filter keeps, in their order: each word with
    its dictionary tag through ``keep_token``, as a token of our own texts would be judged."""
    return {w: p for w, p in props.items() if keep_token(Token(w, dictionary_tag(w), 0, 0))}


def cache_key(lang: str, wordlist: str) -> str:
    """Everything the filtered list depends on, hashed (a change of any makes a new entry)."""
    digest = hashlib.sha256(b"format 2: sorted words, positions\n")
    for package in ("wordfreq", "jieba", "stopwordsiso"):
        digest.update(f"{package} {metadata.version(package)}\n".encode())
    digest.update(f"{lang} {wordlist}\n".encode())
    readers = (keep_token, dictionary_tag, filter_proportions, jieba_tags)  # jieba_tags: tag_lookup
    code = {inspect.getsourcefile(f) for f in readers}
    for path in [*sorted(code), *pack_files()]:
        digest.update(Path(path).read_bytes())
    digest.update("\n".join(sorted(stopword_set())).encode())
    return digest.hexdigest()


class Simplifier:
    """wordfreq's ``simplify_chinese`` from its own table (character → Simplified), kept with
    the entry: a hit then needs no import of wordfreq (0.35 s). A class, not a closure, so a
    Reference still pickles."""

    def __init__(self, table: dict[int, str]) -> None:
        self.table = table

    def __call__(self, text: str) -> str:
        return text.translate(self.table).casefold()


def _entry(lang: str, wordlist: str, key: str) -> Path:
    return CACHE_DIR / f"{lang}-{wordlist}-{key[:24]}.bin"


def _read(path: Path, key: str) -> tuple[Proportions, float, dict[int, str]] | None:
    """The entry's (kept proportions, floor, simplification table), or None when it is missing
    or not a whole one (its header names the key and the payload's length and sha256)."""
    try:
        data = path.read_bytes()
        line, _, payload = data.partition(b"\n")
        head = json.loads(line)
        count, floor = head["count"], head["floor"]
        if head["key"] != key or type(floor) is not float or len(payload) != head["bytes"]:
            return None
        if hashlib.sha256(payload).hexdigest() != head["sha256"]:
            return None
        words = payload[16 * count :].decode("utf-8").split("\n") if count else []
        if len(words) != count:
            return None
        props = np.frombuffer(payload, dtype="<f8", count=count).astype(np.float64)
        where = np.frombuffer(payload, dtype="<i8", count=count, offset=8 * count)
        if count and (where.min() < 0 or where.max() >= count):
            return None
        table = {int(k): v for k, v in head["simplified"].items()}
        return Proportions(words, props, where.astype(np.int64)), floor, table
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _write(path: Path, key: str, kept: Proportions, floor: float, table: dict[int, str]) -> None:
    """One file: a JSON header line, then the proportions (float64) and the places in the
    list's order (int64) of the words sorted, and the sorted words (UTF-8, one a line); written
    to a temporary name and renamed, so a reader sees a whole entry or none."""
    if any("\n" in w for w in kept._words):
        return  # not expected in a word list; such a list is simply not cached
    payload = kept._values.astype("<f8").tobytes() + kept._order.astype("<i8").tobytes()
    payload += "\n".join(kept._words).encode("utf-8")
    head = {
        "key": key,
        "count": len(kept),
        "floor": floor,
        "bytes": len(payload),
        "sha256": hashlib.sha256(payload).hexdigest(),
        "simplified": {str(k): v for k, v in table.items()},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(json.dumps(head, ensure_ascii=False).encode("utf-8") + b"\n" + payload)
    os.replace(tmp, path)


def kept_proportions(lang: str, wordlist: str) -> tuple[Proportions, float, Simplifier]:
    """wordfreq's ``lang`` list filtered like our tokens, the list's smallest proportion (before
    filtering: the nominal size is one over it) and wordfreq's Simplified lookup. Read from the
    cache when it holds the entry, else computed (``filter_proportions``) and stored."""
    key = cache_key(lang, wordlist)
    path = _entry(lang, wordlist, key)
    found = _read(path, key)
    if found is not None:
        kept, floor, table = found
        return kept, floor, Simplifier(table)
    import wordfreq  # imported here: only a cache miss reads the list
    from wordfreq.chinese import SIMPLIFIED_MAP

    props = wordfreq.get_frequency_dict(lang, wordlist=wordlist)
    if not props:
        raise ValueError(f"wordfreq has no {wordlist!r} list for language {lang!r}")
    kept = Proportions.from_items(filter_proportions(props))
    floor, table = float(min(props.values())), SIMPLIFIED_MAP
    with contextlib.suppress(OSError):  # read-only checkout: filtered, not cached
        _write(path, key, kept, floor, table)
    return kept, floor, Simplifier(table)
