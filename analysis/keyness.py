"""Keyness of a text against a reference corpus: G², p-values and log ratio (stage: tokens →
**analyse** → figure).

The reference is a general Chinese word-frequency list (``wordfreq``'s Chinese list) or any
user corpus (a token table). ``frequency.keyness`` compares the input's own articles with
each other; this module compares the whole input with something outside it.

>>> ref = reference_from_tokens(reference_tokens, name="2015 reports")      # doctest: +SKIP
>>> keyness(tokens, ref, min_count=3).head()                                # doctest: +SKIP
"""

from __future__ import annotations

import functools
import importlib.metadata
import math
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.dictionaries import on_change
from analysis.keyness_cache import kept_proportions

#: Critical values of G² (χ², 1 degree of freedom) drawn as lines in the keyness figure.
CRITICAL = {0.05: 3.84, 0.01: 6.63, 0.001: 10.83}
KEYNESS_COLUMNS = [
    "term",
    "count_target",
    "count_ref",
    "per_10k_target",
    "per_10k_ref",
    "g2",
    "p_value",
    "log_ratio",
    "direction",
    "significance",
]


@dataclass(frozen=True)
class Reference:
    """A reference corpus: counts per term and the total number of tokens they come from.

    ``size`` is the token count the ``counts`` are out of (for a frequency list given as
    proportions, a nominal size: see ``reference_from_wordfreq``); ``source`` says where the
    counts come from, ``licence`` under which terms (for a bundled list).
    """

    name: str
    counts: Mapping[str, float]
    size: float
    source: str = ""
    licence: str = ""
    settings: dict = field(default_factory=dict)
    normalise: Callable[[str], str] | None = None  # how a target term is looked up

    def count(self, term: str) -> float:
        """The reference count of ``term`` (0 when absent), after ``normalise``."""
        return float(self.counts.get(self.normalise(term) if self.normalise else term, 0.0))

    def __post_init__(self) -> None:
        if not self.size > 0:
            raise ValueError(f"reference {self.name!r}: size must be positive, got {self.size}")


def reference_from_tokens(tokens: pd.DataFrame, *, name: str = "user corpus") -> Reference:
    """A reference from a token table (``analysis.token_table`` of a Document or Corpus).

    Build the table with the same filters as the target's, so both sizes count the same
    kind of token (content tokens by default).
    """
    if "token" not in tokens:
        raise ValueError(f"reference {name!r}: the table has no 'token' column")
    counts = tokens["token"].value_counts()
    return Reference(
        name=name,
        counts=counts.to_dict(),
        size=float(len(tokens)),
        source="token table",
        settings={"documents": int(tokens["doc"].nunique()) if "doc" in tokens else None},
    )


@functools.lru_cache(maxsize=4)
def reference_from_wordfreq(
    *, lang: str = "zh", wordlist: str = "best", size: float | None = None
) -> Reference:
    """A reference from ``wordfreq``'s word list for ``lang`` (proportions of all tokens).

    wordfreq publishes proportions, not counts, so G² needs a nominal size. The default is
    the list's resolution: 1 / the smallest proportion it lists (a word listed at that
    proportion counts once). Terms the project's tokenizer filter would drop (stopwords,
    punctuation, numbers, single-character function words) are removed and the remaining
    proportions renormalised, so target and reference count the same kind of token. The
    list stores Chinese in wordfreq's "oversimplified" form, so a Traditional term of the
    target (發展) is looked up through wordfreq's own mapping (发展). The filtered list is
    kept in ``build/wordfreq_reference/`` (``analysis.keyness_cache``): the same counts, read
    in a fraction of the time it takes to filter them.
    """
    version = importlib.metadata.version("wordfreq")
    kept, floor, simplify = kept_proportions(lang, wordlist)  # filtered once, read from build/
    nominal = size if size is not None else 1.0 / floor
    share = sum(kept.values_in_order())  # in the list's order: the same float as ever
    return Reference(
        name=f"wordfreq {version} ({lang}, {wordlist})",
        counts=kept.scaled(nominal),
        size=share * nominal,
        source="wordfreq: Wikipedia, subtitles, news, books, web, social media, jieba list",
        licence="code Apache-2.0; data CC BY-SA 4.0",
        settings={"lang": lang, "wordlist": wordlist, "nominal_size": nominal, "kept": share},
        normalise=simplify if lang == "zh" else None,
    )


def p_values(stat: np.ndarray) -> list[float]:
    """p of each G² from χ² with 1 degree of freedom, to 6 significant digits.

    With one degree of freedom the survival function is ``erfc(sqrt(x / 2))``: the standard
    library's ``math.erfc`` gives ``scipy.stats.chi2.sf``'s p-values to these digits (a
    hypothesis test compares them; none of 500,000 G² values in 0–2,000 differed), without
    importing scipy.stats (0.8 s) or scipy.special (0.15 s per kernel). ``sf`` is 1 below 0,
    hence the clip.
    """
    clipped = np.maximum(np.asarray(stat, float), 0.0).tolist()
    return [float(f"{_chi2_sf_1df(x):.6g}") for x in clipped]


# scipy's chi² (cephes ``igamc``) returns 0 where the integrand's log is below -MAXLOG, the
# log of the largest double, rather than a subnormal number: G² above about 1,425 is p = 0.
_MAXLOG = 7.09782712893383996843e2
_LOG_GAMMA_HALF = math.lgamma(0.5)


def _chi2_sf_1df(x: float) -> float:
    """P(χ²₁ > x) for x ≥ 0, as ``scipy.stats.chi2.sf(x, 1)`` gives it."""
    half = x / 2
    if half > 1 and 0.5 * math.log(half) - half - _LOG_GAMMA_HALF < -_MAXLOG:
        return 0.0
    return math.erfc(math.sqrt(half))


def g2(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """Rayson & Garside's log-likelihood for counts ``a`` (target) and ``b`` (reference) out
    of sizes ``c`` and ``d``: 2 Σ O·ln(O/E), E1 = c(a+b)/(c+d), E2 = d(a+b)/(c+d), 0·ln 0 = 0."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    return 2 * (t1 + t2)


def log_ratio(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """Hardie's log ratio log2((a/c)/(b/d)); a zero count is replaced by 0.5."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return np.log2((np.where(a > 0, a, 0.5) / c) / (np.where(b > 0, b, 0.5) / d))


def _significance(p: np.ndarray) -> list[str]:
    return [
        "p<0.001" if x < 0.001 else "p<0.01" if x < 0.01 else "p<0.05" if x < 0.05 else "n.s."
        for x in p
    ]


def keyness(
    tokens: pd.DataFrame,
    reference: Reference,
    *,
    min_count: int = 3,
    positive: bool = False,
    tiny: float = 1.0,
) -> pd.DataFrame:
    """Every term of ``tokens`` with at least ``min_count`` occurrences against ``reference``.

    Columns: term, count_target, count_ref, per_10k_target, per_10k_ref, g2, p_value (χ², 1
    df), log_ratio, direction (``+`` over-used in the target, ``-`` under-used),
    significance (p<0.001 / p<0.01 / p<0.05 / n.s.). ``positive=True`` keeps over-used terms
    only. Sorted by g2 descending, then term. ``attrs`` holds the settings and both sizes; a
    reference smaller than ``tiny`` × the target warns (its counts are too few to compare).
    """
    if "token" not in tokens:
        raise ValueError("keyness: the token table has no 'token' column")
    c, d = float(len(tokens)), float(reference.size)
    counts = tokens["token"].value_counts()
    counts = counts[counts >= min_count]
    a = counts.to_numpy(float)
    b = np.array([reference.count(t) for t in counts.index], float)
    out = pd.DataFrame({"term": counts.index.astype(str), "count_target": counts.to_numpy()})
    out["count_ref"] = b.round(2)
    out["per_10k_target"] = (a / c * 10_000).round(4) if c else 0.0
    out["per_10k_ref"] = (b / d * 10_000).round(4)
    stat = g2(a, b, c, d) if c else np.zeros(0)
    out["g2"] = stat.round(4)
    out["p_value"] = p_values(stat)
    out["log_ratio"] = log_ratio(a, b, c, d).round(4)
    out["direction"] = np.where(a / max(c, 1) > b / d, "+", "-")
    out["significance"] = _significance(out["p_value"].to_numpy())
    if positive:
        out = out[out["direction"] == "+"]
    out = out.sort_values(["g2", "term"], ascending=[False, True]).reset_index(drop=True)
    out = out[KEYNESS_COLUMNS]
    warning = ""
    if d < tiny * c:
        warning = (
            f"reference {reference.name!r} has {d:,.0f} tokens, fewer than the target's "
            f"{c:,.0f}: G² and p-values are unreliable"
        )
        warnings.warn(warning, stacklevel=2)
    out.attrs.update(
        reference=reference.name,
        reference_size=d,
        reference_licence=reference.licence,
        target_size=c,
        min_count=min_count,
        positive=positive,
        warning=warning,
        critical=dict(CRITICAL),
    )
    return out


# A change of dictionary packs changes tags, hence which entries the filter keeps.
on_change(reference_from_wordfreq.cache_clear)
