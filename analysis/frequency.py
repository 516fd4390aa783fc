"""Term frequency, keyness, keywords and KWIC (stage: tokenize → **analyse** → figure);
collocations and co-occurrence are in ``analysis.cooccurrence`` (also reachable from here).

Every function takes the tidy token table of ``analysis.token_table`` (one row per content
token, in reading order; stopwords, punctuation and numbers already removed) and returns a
DataFrame sorted deterministically, so exported tables are byte-identical between runs. The
figures drawn from these tables live in ``analysis.plots.frequency``: this module imports no
plotting library, so corpus workers do not pay for matplotlib (the old names, such as
``frequency.bar_top_terms``, still resolve there).

Units: a *section* is keyed by ``(doc, article, section)`` (``doc`` is included so a corpus of
several pages does not merge sections), a *sentence* by ``(doc, article, sentence)``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from analysis.textrank import textrank
from analysis.tokens import segment, stopword_set, token_table

SECTION_KEY = ("doc", "article", "section")
SENTENCE_KEY = ("doc", "article", "sentence")
KWIC_COLUMNS = ["left", "term", "right", "article", "section", "sentence", "raw_start", "raw_end"]
TEXTRANK_POS = ("ns", "n", "vn", "v", "nz", "nr")
_CN_NUMERALS = "一二三四五六七八九十"


def _key(tokens: pd.DataFrame, cols: Sequence[str]) -> list[str]:
    """The columns of ``cols`` present in ``tokens`` (``doc`` is optional in hand-made tables)."""
    return [c for c in cols if c in tokens.columns]


def _as_cols(unit: str | Sequence[str], tokens: pd.DataFrame | None = None) -> list[str]:
    """Unit columns; with several documents in ``tokens``, ``doc`` is prepended so article 0
    of one document is not merged with article 0 of another."""
    cols = [unit] if isinstance(unit, str) else list(unit)
    if tokens is not None and "doc" in tokens and "doc" not in cols and tokens["doc"].nunique() > 1:
        cols = ["doc", *cols]
    return cols


def _main_pos(tokens: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Most common POS tag per ``keys`` + token (ties: alphabetically first tag)."""
    tags = tokens.groupby([*keys, "token", "pos"]).size().reset_index(name="n")
    tags = tags.sort_values(
        [*keys, "token", "n", "pos"], ascending=[True] * (len(keys) + 1) + [False, True]
    )
    return tags.drop_duplicates([*keys, "token"])[[*keys, "token", "pos"]]


def frequency_table(tokens: pd.DataFrame, *, by: Sequence[str] | None = None) -> pd.DataFrame:
    """Term frequencies: term, pos (most common tag), count, per_10k, doc_freq.

    ``per_10k`` is the count per 10,000 tokens of the table (or of the unit, with ``by``);
    ``doc_freq`` is the number of sections containing the term. With ``by=("article",)`` or
    ``("article", "section")`` the counts are given per unit in long form (unit columns first).
    Sorted by unit, then count descending, then term.
    """
    keys = list(by) if by else []
    cols = [*keys, "term", "pos", "count", "per_10k", *([] if keys else ["doc_freq"])]
    if tokens.empty:
        return pd.DataFrame(columns=cols)
    counts = tokens.groupby([*keys, "token"]).size().reset_index(name="count")
    totals = counts.groupby(keys)["count"].transform("sum") if keys else counts["count"].sum()
    counts["per_10k"] = (counts["count"] / totals * 10_000).round(2)
    counts = counts.merge(_main_pos(tokens, keys), on=[*keys, "token"])
    if not keys:
        units = tokens.drop_duplicates([*_key(tokens, SECTION_KEY), "token"])
        counts = counts.merge(units.groupby("token").size().rename("doc_freq"), on="token")
    counts = counts.rename(columns={"token": "term"})
    counts = counts.sort_values(
        [*keys, "count", "term"], ascending=[True] * len(keys) + [False, True]
    )
    return counts[cols].reset_index(drop=True)


def term_trends(
    tokens: pd.DataFrame, *, terms: Sequence[str] | None = None, top: int = 8, period: str = "year"
) -> pd.DataFrame:
    """Relative frequency of terms per period of the documents' dates (a corpus view).

    ``tokens`` needs a ``doc_date`` column (ISO date, as ``corpus.analyse_corpus`` adds);
    ``period`` is "year" (2024) or "month" (2024-06); documents without a date form the
    period "undated". ``terms`` defaults to the ``top`` most frequent terms of the table.
    Columns: period, term, count, per_10k (per 10,000 tokens of the period), documents.
    """
    cols = ["period", "term", "count", "per_10k", "documents"]
    if tokens.empty or "doc_date" not in tokens:
        return pd.DataFrame(columns=cols)
    from analysis.corpus import period_of

    dated = tokens.assign(period=period_of(tokens["doc_date"], period))
    chosen = list(terms) if terms is not None else frequency_table(tokens)["term"].head(top)
    totals = dated.groupby("period").size()
    docs = dated.groupby("period")["doc_id" if "doc_id" in dated else "doc"].nunique()
    sub = dated[dated["token"].isin(chosen)]
    grid = pd.MultiIndex.from_product(
        [sorted(totals.index), list(chosen)], names=["period", "term"]
    )
    counts = sub.groupby(["period", "token"]).size().reindex(grid, fill_value=0)
    out = counts.rename("count").reset_index()
    out["per_10k"] = (out["count"] / out["period"].map(totals) * 10_000).round(2)
    out["documents"] = out["period"].map(docs)
    return out[cols]


def log_likelihood(a: float, b: float, c: float, d: float) -> float:
    """Rayson & Garside's G²: ``a``/``b`` counts in target/reference, ``c``/``d`` their sizes.

    G² = 2 Σ O·ln(O/E) over the two corpora, E1 = c(a+b)/(c+d), E2 = d(a+b)/(c+d); 0·ln0 = 0.
    """
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    return 2 * sum(o * math.log(o / e) for o, e in ((a, e1), (b, e2)) if o > 0)


def log_ratio(a: float, b: float, c: float, d: float) -> float:
    """Hardie's log ratio: log2 of (a/c)/(b/d), a zero count replaced by 0.5."""
    return math.log2(((a or 0.5) / c) / ((b or 0.5) / d))


def keyness(
    tokens: pd.DataFrame,
    *,
    unit: str | Sequence[str] = "article",
    min_count: int = 3,
    positive: bool = True,
) -> pd.DataFrame:
    """Key terms of each unit against the rest of the table (G² and log ratio).

    Columns: unit (the unit's value; several columns are joined with ``/``), term,
    count_target, count_ref, g2, log_ratio, direction (``+`` overused in the unit, ``-``
    underused). Terms with ``count_target < min_count`` are left out; with ``positive=True``
    (default) only overused terms are kept. A table with a single unit has no reference:
    the result is empty. Sorted by unit, then g2 descending, then term.
    """
    cols = ["unit", "term", "count_target", "count_ref", "g2", "log_ratio", "direction"]
    unit_cols = _as_cols(unit, tokens)
    if tokens.empty:
        return pd.DataFrame(columns=cols)
    labels = (
        tokens[unit_cols].astype(str).agg("/".join, axis=1)
        if len(unit_cols) > 1
        else tokens[unit_cols[0]]
    )
    table = pd.crosstab(tokens["token"], labels)
    total = int(table.to_numpy().sum())
    rows = []
    for u in table.columns:
        target = table[u]
        c = int(target.sum())
        d = total - c
        if d == 0:
            continue
        for term, a in target[target >= min_count].items():
            b = int(table.loc[term].sum()) - int(a)
            lr = log_ratio(a, b, c, d)
            rows.append(
                (u, term, int(a), b, log_likelihood(a, b, c, d), lr, "+" if a / c > b / d else "-")
            )
    out = pd.DataFrame(rows, columns=cols)
    if positive:
        out = out[out["direction"] == "+"]
    out[["g2", "log_ratio"]] = out[["g2", "log_ratio"]].round(4)
    out = out.sort_values(["unit", "g2", "term"], ascending=[True, False, True])
    return out.reset_index(drop=True)


def tfidf_keywords(
    tokens: pd.DataFrame, *, unit: str | Sequence[str] = ("article", "section"), top: int = 10
) -> pd.DataFrame:
    """The ``top`` tf-idf terms of each unit (computed with pandas, no scikit-learn).

    tf = count / tokens in the unit; idf = ln(N / df) + 1 (N units, df units containing the
    term; the +1 keeps terms found in every unit at weight tf instead of 0). Columns: the unit
    columns, rank, term, count, tfidf. Sorted by unit, then tfidf descending, then term.
    """
    keys = _as_cols(unit, tokens)
    cols = [*keys, "rank", "term", "count", "tfidf"]
    if tokens.empty:
        return pd.DataFrame(columns=cols)
    counts = tokens.groupby([*keys, "token"]).size().reset_index(name="count")
    n_units = counts[keys].drop_duplicates().shape[0]
    df = counts.groupby("token").size()
    tf = counts["count"] / counts.groupby(keys)["count"].transform("sum")
    idf = np.log(n_units / counts["token"].map(df)) + 1
    counts["tfidf"] = (tf * idf).round(6)
    counts = counts.rename(columns={"token": "term"})
    counts = counts.sort_values(
        [*keys, "tfidf", "term"], ascending=[True] * len(keys) + [False, True]
    )
    counts["rank"] = counts.groupby(keys).cumcount() + 1
    return counts[counts["rank"] <= top][cols].reset_index(drop=True)


def textrank_keywords(text: str, *, top: int = 10) -> pd.DataFrame:
    """TextRank keywords of ``text``: rank, term, weight (jieba's TextRank, ``analysis.textrank``).

    Over the project's tokens (``analysis.tokens.segment``: the same words and tags as the
    token table, with our dictionary packs, so 闽宁协作 stays whole) and our stopword list.
    Allowed tags: ``TEXTRANK_POS`` (nouns incl. places/names/other proper nouns, verbs,
    verbal nouns). Sorted by weight (to 6 decimals) descending, then term.
    """
    pairs = textrank(segment(text), top=top, allow_pos=TEXTRANK_POS, stopwords=stopword_set())
    pairs = sorted(pairs, key=lambda p: (-round(p[1], 6), p[0]))
    return pd.DataFrame(
        [(i + 1, w, round(s, 6)) for i, (w, s) in enumerate(pairs)],
        columns=["rank", "term", "weight"],
    )


def article_keywords(doc: object, tokens: pd.DataFrame, *, top: int = 10) -> pd.DataFrame:
    """tf-idf (articles as units) and TextRank keywords side by side, one row per article/rank.

    Columns: article, rank, tfidf_term, tfidf, textrank_term, textrank_weight.
    """
    tfidf = tfidf_keywords(tokens, unit=("article",), top=top)
    frames = []
    for art in doc.articles:  # type: ignore[attr-defined]
        tr = textrank_keywords(art.text, top=top)
        tr.insert(0, "article", art.index)
        frames.append(tr)
    tr = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["article", "rank", "term", "weight"])
    )
    out = tfidf.drop(columns="count").merge(
        tr, on=["article", "rank"], how="outer", suffixes=("", "_tr")
    )
    out = out.rename(
        columns={"term": "tfidf_term", "term_tr": "textrank_term", "weight": "textrank_weight"}
    )
    cols = ["article", "rank", "tfidf_term", "tfidf", "textrank_term", "textrank_weight"]
    return out[cols].sort_values(["article", "rank"]).reset_index(drop=True)


def kwic(
    doc: object,
    term: str | Iterable[str],
    *,
    window: int = 15,
    tokens: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Keyword in context: every token exactly equal to ``term`` (or one of several terms).

    Columns: left, term, right, article, section, sentence, raw_start, raw_end. ``left`` and
    ``right`` are up to ``window`` characters of the same sentence; raw offsets come from the
    token table (``doc.raw[raw_start:raw_end]`` is the term as scraped). Pass ``tokens`` to
    reuse a token table. A term that never occurs gives an empty table with these columns.
    """
    terms = [term] if isinstance(term, str) else list(term)
    if tokens is None:
        tokens = token_table(doc)
    hits = tokens[tokens["token"].isin(terms)]
    if hits.empty:
        return pd.DataFrame(columns=KWIC_COLUMNS)
    texts = {  # sentences and headline units (title -1, subtitle -2)
        (a.index, s.index): s.text
        for a in doc.articles  # type: ignore[attr-defined]
        for s in [*getattr(a, "headlines", []), *a.sentences]
    }
    rows = []
    for r in hits.itertuples():
        text = texts[(r.article, r.sentence)]
        rows.append(
            (
                text[max(0, r.start - window) : r.start],
                r.token,
                text[r.end : r.end + window],
                r.article,
                r.section,
                r.sentence,
                r.raw_start,
                r.raw_end,
            )
        )
    out = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    out["_order"] = out["term"].map({t: i for i, t in enumerate(terms)})
    out = out.sort_values(["_order", "raw_start"], kind="stable").drop(columns="_order")
    return out.reset_index(drop=True)


# --- labels the figures share ---------------------------------------------------------------


def section_label(article: int, section: int, *, only: bool = False) -> str:
    """``文章1·（一）`` for article 0 section 1; section 0 is the lead (导语), or 全文 if alone."""
    if only:
        part = "全文"
    elif section == 0:
        part = "导语"
    elif section <= len(_CN_NUMERALS):
        part = f"（{_CN_NUMERALS[section - 1]}）"
    else:
        part = f"（{section}）"
    return f"文章{article + 1}·{part}"


def reference_sizes(tokens: pd.DataFrame, unit: str = "article") -> dict[object, int]:
    """Tokens of each unit's reference (all other units): what a keyness G² rests on."""
    sizes = tokens.groupby(unit).size()
    return {u: int(len(tokens) - n) for u, n in sizes.items()}


def keyness_against(
    tokens: pd.DataFrame, reference: pd.DataFrame, *, min_count: int = 3, label: str = "全文"
) -> pd.DataFrame:
    """Keyness of the whole text against another text's token table (a reference corpus).

    The same columns as ``keyness``; ``unit`` is ``label``.
    """
    both = pd.concat(
        [tokens.assign(_unit=label), reference.assign(_unit="\x00reference")], ignore_index=True
    )
    table = keyness(both, unit="_unit", min_count=min_count)
    return table[table["unit"] == label].reset_index(drop=True)


_PLOTS = (
    "bar_top_terms",
    "dispersion_plot",
    "ellipse_mask",
    "heatmap_by_section",
    "keyness_chart",
    "network_figure",
    "wordcloud_figure",
)


_COOCCURRENCE = ("collocations", "cooccurrence", "cooccurrence_graph", "edge_threshold")


def __getattr__(name: str) -> object:
    """The figure functions that used to live here resolve to ``analysis.plots.frequency``
    (imported on first use, so importing this module costs no matplotlib); collocations and
    co-occurrence to ``analysis.cooccurrence``."""
    if name in _PLOTS:
        from analysis.plots import frequency as plots

        return getattr(plots, name)
    if name in _COOCCURRENCE or name == "_g2_2x2":
        from analysis import cooccurrence

        return getattr(cooccurrence, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
