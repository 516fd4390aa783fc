"""Name variants merged before counting, and compounds counted beside their components
(stage: tokens → **variants** → frequency, keyness, dictionaries ...).

A variants table (CSV, user-editable: ``canonical,variant,note``; ``#`` comment lines) maps
each written form to one canonical name. A variant the tokenizer splits (习近平总书记 →
习近平 总书记) is matched as consecutive touching tokens of a sentence and becomes one row,
with the raw offsets of the whole variant; ``original`` keeps what was written. quanteda's
``tokens_compound`` + ``tokens_replace`` in one step. The bundled example
(``analysis/data/name_variants.csv``) holds the seed's forms; add one line per variant.
Apply it to a table that keeps stopwords (``token_table(doc, stopwords=False)``) when a
variant contains one (同志 is a stopword: in a content table 习近平同志 is already 习近平).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.codebook import DictionaryError, Entry, make_entry
from analysis.ngrams import group_codes
from analysis.scoring import entry_rows, uncovered

EXAMPLE = Path(__file__).parent / "data" / "name_variants.csv"


@dataclass(frozen=True)
class Variants:
    """Variant entries (phrases allowed) → canonical names, read from ``path``."""

    entries: list[tuple[Entry, str]]
    path: str = "<memory>"

    @property
    def table(self) -> pd.DataFrame:
        return pd.DataFrame(
            [(c, e.text, e.line) for e, c in self.entries], columns=["canonical", "variant", "line"]
        )


def read_variants(path: str | Path = EXAMPLE) -> Variants:
    """Read and validate a variants CSV; a bad row raises ``DictionaryError`` with file:line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DictionaryError(f"{path}: cannot read the variants table: {exc}") from None
    lines = [
        (k, ln) for k, ln in enumerate(text.splitlines(), 1) if not ln.lstrip().startswith("#")
    ]
    rows = list(csv.reader(io.StringIO("\n".join(ln for _, ln in lines))))
    if not rows or [c.strip() for c in rows[0][:2]] != ["canonical", "variant"]:
        raise DictionaryError(f"{path}: header must start with 'canonical,variant'")
    return variants_from_pairs(
        [(line, row) for (line, _), row in zip(lines[1:], rows[1:], strict=False) if any(row)],
        where=str(path),
    )


def variants_from_pairs(rows: list[tuple[int, list[str]]], *, where: str = "<memory>") -> Variants:
    """Variants from (line, [canonical, variant, ...]) rows, validated."""
    seen: dict[str, int] = {}
    entries = []
    for line, row in rows:
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise DictionaryError(f"{where}, line {line}: expected 'canonical,variant', got {row}")
        canonical, variant = row[0].strip(), row[1].strip()
        if variant in seen:
            raise DictionaryError(
                f"{where}, line {line}: variant {variant!r} already on line {seen[variant]}"
            )
        seen[variant] = line
        entry = make_entry(variant, where=where, line=line)
        if entry.kind not in ("word", "phrase"):
            raise DictionaryError(
                f"{where}, line {line}: a variant is a word or phrase: {variant!r}"
            )
        entries.append((entry, canonical))
    return Variants(entries, where)


def apply_variants(tokens: pd.DataFrame, variants: Variants | str | Path = EXAMPLE) -> pd.DataFrame:
    """The token table with every variant replaced by its canonical name (one row per hit).

    Longer variants first (习近平总书记 before 习近平); ``original`` holds the written form;
    ``end``/``raw_end`` of a merged phrase are those of its last token. ``attrs['variants']``
    names the table and ``attrs['merged']`` counts the replacements.
    """
    if not isinstance(variants, Variants):
        variants = read_variants(variants)
    out = tokens.copy()
    out["original"] = out["token"]
    if tokens.empty:
        out.attrs.update(variants=variants.path, merged=0)
        return out
    codes, vocab = pd.factorize(tokens["token"])
    words = np.asarray(vocab, dtype=object)
    sent = group_codes(tokens, ("doc", "article", "sentence"))
    if {"start", "end"} <= set(tokens.columns):
        touch = np.append(tokens["end"].to_numpy()[:-1] == tokens["start"].to_numpy()[1:], False)
    else:
        touch = np.ones(len(tokens), bool)
    covered = np.zeros(len(tokens), bool)
    drop = np.zeros(len(tokens), bool)
    token_col, original_col = (
        out["token"].to_numpy(dtype=object),
        out["original"].to_numpy(dtype=object),
    )
    merged = 0
    for entry, canonical in sorted(variants.entries, key=lambda ec: -len(ec[0].tokens)):
        k = len(entry.tokens)
        first = uncovered(entry_rows(entry, words, codes, sent, touch), k, covered)
        merged += len(first)
        token_col[first] = canonical
        original_col[first] = entry.text
        for j in range(1, k):
            drop[first + j] = True
        for col in ("end", "raw_end"):
            if col in out and k > 1:
                values = out[col].to_numpy().copy()
                values[first] = values[first + k - 1]
                out[col] = values
    out["token"], out["original"] = token_col, original_col
    out = out[~drop].reset_index(drop=True)
    out.attrs.update(variants=variants.path, merged=merged)
    return out


def compound_counts(
    tokens: pd.DataFrame, *, components: list[str] | None = None, min_length: int = 2
) -> pd.DataFrame:
    """Compounds and their components side by side (协作 alone and inside 闽宁协作).

    A component is a term of ``components`` (default: every term of the table with at least
    ``min_length`` characters that occurs inside a longer term of the table). Columns:
    component, compound, compound_count, component_alone (the component as a token of its
    own), component_in_compounds (occurrences inside any longer token), component_total.
    Sorted by component_total descending, component, compound_count descending, compound.
    """
    cols = ["component", "compound", "compound_count", "component_alone",
            "component_in_compounds", "component_total"]  # fmt: skip
    counts = tokens["token"].value_counts() if not tokens.empty else pd.Series(dtype=int)
    vocab = set(counts.index)
    wanted = (
        set(components) if components is not None else {w for w in vocab if len(w) >= min_length}
    )
    rows = []
    for compound, n in counts.items():
        inside = {
            compound[i:j] for i in range(len(compound)) for j in range(i + 1, len(compound) + 1)
        }
        for part in sorted((inside - {compound}) & wanted):
            rows.append((part, compound, int(n) * compound.count(part)))
    pairs = pd.DataFrame(rows, columns=["component", "compound", "occurrences"])
    if pairs.empty:
        return pd.DataFrame(columns=cols)
    pairs["compound_count"] = pairs["compound"].map(counts).astype(int)
    pairs["component_alone"] = pairs["component"].map(counts).fillna(0).astype(int)
    pairs["component_in_compounds"] = pairs.groupby("component")["occurrences"].transform("sum")
    pairs["component_total"] = pairs["component_alone"] + pairs["component_in_compounds"]
    pairs = pairs.sort_values(
        ["component_total", "component", "compound_count", "compound"],
        ascending=[False, True, False, True],
    )
    return pairs[cols].reset_index(drop=True)
