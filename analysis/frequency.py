"""Term frequency, keyness, keywords, KWIC, collocations and co-occurrence (stage: tokenize →
**analyse** → figure).

Every function takes the tidy token table of ``analysis.token_table`` (one row per content
token, in reading order; stopwords, punctuation and numbers already removed) and returns a
DataFrame sorted deterministically, so exported tables are byte-identical between runs. The
plot helpers turn those tables into matplotlib figures; given empty input they return a
figure saying what is missing (``figures.no_data_figure``) instead of failing inside
matplotlib, so a notebook run on a short text still finishes.

Units: a *section* is keyed by ``(doc, article, section)`` (``doc`` is included so a corpus of
several pages does not merge sections), a *sentence* by ``(doc, article, sentence)``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd

from analysis.figures import FONT_NAME, FONT_PATH, SEED, no_data_figure, source_note
from analysis.tokens import _jieba, stopword_set, token_table

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
    """TextRank keywords of ``text`` (jieba.analyse.TextRank): rank, term, weight.

    The extractor uses the project's tokenizer (jieba with our user dictionary, so 闽宁协作
    stays whole) and our stopword list; note that TextRank segments with jieba's ``posseg``
    (its own HMM), so a rare token may differ from ``token_table``. Allowed tags:
    ``TEXTRANK_POS`` (nouns incl. places/names/other proper nouns, verbs, verbal nouns).
    """
    import jieba.analyse  # imported here: it loads an IDF table that only this function needs

    tr = jieba.analyse.TextRank()
    tr.tokenizer = tr.postokenizer = _jieba()
    tr.stop_words = set(tr.stop_words) | set(stopword_set())
    pairs = tr.textrank(text, topK=top, withWeight=True, allowPOS=TEXTRANK_POS)
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


def _g2_2x2(o11: float, o12: float, o21: float, o22: float) -> float:
    """G² of a 2×2 contingency table (0·ln0 = 0)."""
    n = o11 + o12 + o21 + o22
    r1, r2, c1, c2 = o11 + o12, o21 + o22, o11 + o21, o12 + o22
    cells = ((o11, r1 * c1), (o12, r1 * c2), (o21, r2 * c1), (o22, r2 * c2))
    return 2 * sum(o * math.log(o * n / e) for o, e in cells if o > 0)


def collocations(tokens: pd.DataFrame, *, min_count: int = 3, top: int = 20) -> pd.DataFrame:
    """Adjacent content-token bigrams within a sentence, with count, PMI and G².

    Adjacent means consecutive rows of the token table, i.e. neighbours once stopwords and
    punctuation are removed. With N bigrams, f1/f2 the counts of the first/second word in
    first/second position: pmi = log2(count·N / (f1·f2)); g2 is the log-likelihood of the 2×2
    table (count, f1−count, f2−count, N−f1−f2+count). Bigrams with ``count >= min_count``,
    sorted by g2 descending, then count descending, then the words; the first ``top`` rows.
    """
    cols = ["first", "second", "count", "pmi", "g2"]
    key = _key(tokens, SENTENCE_KEY)
    nxt = tokens.groupby(key, sort=False)["token"].shift(-1) if not tokens.empty else None
    if nxt is None or nxt.notna().sum() == 0:
        return pd.DataFrame(columns=cols)
    pairs = pd.DataFrame({"first": tokens["token"], "second": nxt}).dropna()
    n = len(pairs)
    f1, f2 = pairs["first"].value_counts(), pairs["second"].value_counts()
    out = pairs.groupby(["first", "second"]).size().reset_index(name="count")
    out = out[out["count"] >= min_count]
    if out.empty:
        return pd.DataFrame(columns=cols)
    a, b = out["first"].map(f1), out["second"].map(f2)
    out["pmi"] = np.log2(out["count"] * n / (a * b)).round(4)
    out["g2"] = [
        round(_g2_2x2(o, x - o, y - o, n - x - y + o), 4)
        for o, x, y in zip(out["count"], a, b, strict=True)
    ]
    out = out.sort_values(["g2", "count", "first", "second"], ascending=[False, False, True, True])
    return out[cols].head(top).reset_index(drop=True)


def cooccurrence(tokens: pd.DataFrame, *, top_terms: int = 30, min_count: int = 2) -> pd.DataFrame:
    """Sentence co-occurrence among the ``top_terms`` most frequent terms: an edge list.

    Columns: source, target (source < target in code-point order), weight = number of
    sentences containing both. Edges with ``weight >= min_count``, sorted by weight
    descending, then source, target.
    """
    cols = ["source", "target", "weight"]
    terms = frequency_table(tokens)["term"].head(top_terms).tolist()
    sub = tokens[tokens["token"].isin(terms)]
    if sub.empty:
        return pd.DataFrame(columns=cols)
    key = _key(tokens, SENTENCE_KEY)
    sentence = sub.groupby(key, sort=False).ngroup()
    incidence = (pd.crosstab(sentence, sub["token"]) > 0).astype(int)
    both = incidence.T @ incidence
    names = list(both.columns)
    rows = [(s, t, int(both.loc[s, t])) for i, s in enumerate(names) for t in names[i + 1 :]]
    out = pd.DataFrame(rows, columns=cols)
    out = out[out["weight"] >= min_count]
    out = out.sort_values(["weight", "source", "target"], ascending=[False, True, True])
    return out.reset_index(drop=True)


def cooccurrence_graph(edges: pd.DataFrame, freq: pd.DataFrame | None = None) -> nx.Graph:
    """An undirected networkx graph of a co-occurrence edge list (edge attribute ``weight``).

    With a frequency table, each node gets its ``count`` (used for node size when drawing).
    """
    graph = nx.Graph()
    for r in edges.itertuples():
        graph.add_edge(r.source, r.target, weight=int(r.weight))
    if freq is not None:
        counts = dict(zip(freq["term"], freq["count"], strict=True))
        nx.set_node_attributes(graph, {n: int(counts.get(n, 1)) for n in graph}, "count")
    return graph


# --- figures --------------------------------------------------------------------------------


def _missing(*items: tuple[object, str]) -> str | None:
    """The message for the first empty input, or None when every input has data."""
    for data, what in items:
        empty = data.empty if hasattr(data, "empty") else len(data) == 0  # type: ignore[arg-type]
        if empty:
            return f"{what} is empty"
    return None


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


def bar_top_terms(freq: pd.DataFrame, n: int = 20, *, source: str = "") -> plt.Figure:
    """Horizontal bars of the ``n`` most frequent terms, counts written on the bars.

    Empty input gives a figure saying so.
    """
    if msg := _missing((freq, "the frequency table")):
        return no_data_figure(msg, source=source)
    top = freq.head(n).iloc[::-1]
    fig, ax = plt.subplots(figsize=(6.5, 0.28 * len(top) + 1.2))
    bars = ax.barh(top["term"], top["count"], color="#1f5a99")
    ax.bar_label(bars, labels=[str(c) for c in top["count"]], padding=2, fontsize=8)
    ax.set_xlabel("出现次数（次）")
    ax.set_title(f"高频词前{len(top)}位（已去除停用词、标点和数字）")
    ax.margins(x=0.08)
    if source:
        source_note(fig, source)
    return fig


def ellipse_mask(width: int = 1600, height: int = 900) -> np.ndarray:
    """A filled ellipse as a wordcloud mask (255 = outside, where no word is drawn)."""
    y, x = np.ogrid[:height, :width]
    inside = ((x - width / 2) / (width / 2)) ** 2 + ((y - height / 2) / (height / 2)) ** 2 <= 1
    return np.where(inside, 0, 255).astype(np.uint8)


def wordcloud_figure(
    freq: pd.DataFrame,
    *,
    seed: int = SEED,
    max_words: int = 150,
    mask: np.ndarray | None = None,
    source: str = "",
) -> plt.Figure:
    """A word cloud drawn from the frequency table (not raw text), with a fixed seed.

    ``mask`` is an optional shape (white = no words), e.g. ``ellipse_mask()`` or an image
    loaded with ``np.array(PIL.Image.open(path))``. Empty input gives a figure saying so.
    """
    from wordcloud import WordCloud

    if msg := _missing((freq, "the frequency table")):
        return no_data_figure(msg, source=source)
    cloud = WordCloud(
        mask=mask,
        font_path=str(FONT_PATH),
        random_state=seed,
        background_color="white",
        width=1600,
        height=900,
        prefer_horizontal=1.0,
        max_words=max_words,
        colormap="cividis",
    ).generate_from_frequencies(dict(zip(freq["term"], freq["count"], strict=True)))
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.imshow(cloud.to_array(), interpolation="bilinear")
    ax.set_axis_off()
    ax.set_title(f"词云：前{min(max_words, len(freq))}个高频词，字号与出现次数成正比")
    if source:
        source_note(fig, source)
    return fig


def heatmap_by_section(
    tokens: pd.DataFrame, terms: Sequence[str], *, source: str = ""
) -> plt.Figure:
    """Relative frequency (per 10,000 tokens of the section) of ``terms`` in each section.

    Rows are terms, columns sections (``文章1·（一）``), values annotated. Empty input
    gives a figure saying so.
    """
    if msg := _missing((tokens, "the token table"), (list(terms), "the term list")):
        return no_data_figure(msg, source=source)
    by = frequency_table(tokens, by=("article", "section"))
    units = tokens[["article", "section"]].drop_duplicates().sort_values(["article", "section"])
    per_article = units.groupby("article").size()
    labels = [
        section_label(a, s, only=per_article[a] == 1) for a, s in units.itertuples(index=False)
    ]
    grid = by[by["term"].isin(terms)].pivot_table(
        index="term", columns=["article", "section"], values="per_10k", fill_value=0.0
    )
    grid = grid.reindex(
        index=list(terms), columns=pd.MultiIndex.from_frame(units), fill_value=0.0
    ).fillna(0.0)
    values = grid.to_numpy()
    fig, ax = plt.subplots(figsize=(1.0 * len(labels) + 2, 0.42 * len(terms) + 1.6))
    im = ax.imshow(values, cmap="Blues", aspect="auto")
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
    ax.set_yticks(range(len(terms)), list(terms))
    high = values.max() / 2 if values.size else 0
    for (i, j), v in np.ndenumerate(values):
        ax.text(
            j,
            i,
            f"{v:.0f}",
            ha="center",
            va="center",
            fontsize=8,
            color="white" if v > high else "black",
        )
    fig.colorbar(im, ax=ax, label="每万词出现次数")
    ax.set_title("高频词在各部分的相对频率（每万词）")
    ax.spines[["left", "bottom"]].set_visible(False)
    if source:
        source_note(fig, source)
    return fig


def keyness_chart(keyness_df: pd.DataFrame, top: int = 15, *, source: str = "") -> plt.Figure:
    """One panel per unit: the ``top`` key terms by G², log ratio written at each bar.

    An empty keyness table (e.g. a text with one article) gives a figure saying so.
    """
    if msg := _missing((keyness_df, "the keyness table")):
        return no_data_figure(msg, source=source)
    units = list(dict.fromkeys(keyness_df["unit"]))
    height = 0.3 * min(top, keyness_df.groupby("unit").size().max()) + 1.4
    fig, axes = plt.subplots(1, len(units), figsize=(4.2 * len(units), height), squeeze=False)
    for ax, u in zip(axes[0], units, strict=True):
        part = keyness_df[keyness_df["unit"] == u].head(top).iloc[::-1]
        bars = ax.barh(part["term"], part["g2"], color="#c8553d")
        ax.bar_label(bars, labels=[f"LR {v:.1f}" for v in part["log_ratio"]], padding=2, fontsize=7)
        ax.set_xlabel("对数似然值 G²")
        name = f"文章{int(u) + 1}" if str(u).isdigit() else str(u)
        ax.set_title(f"{name}相对其余文本的关键词")
        ax.margins(x=0.2)
    fig.tight_layout()
    if source:
        source_note(fig, source)
    return fig


def network_figure(graph: nx.Graph, *, seed: int = SEED, source: str = "") -> plt.Figure:
    """The co-occurrence network: spring layout with a fixed seed, node size by frequency.

    Edge width follows the number of shared sentences. An empty graph gives a figure saying so.
    """
    if graph.number_of_nodes() == 0:
        return no_data_figure("the co-occurrence graph has no nodes", source=source)
    nodes = sorted(graph.nodes)
    ordered = nx.Graph()
    ordered.add_nodes_from((n, graph.nodes[n]) for n in nodes)
    ordered.add_edges_from(sorted((min(u, v), max(u, v), d) for u, v, d in graph.edges(data=True)))
    pos = nx.spring_layout(
        ordered, seed=seed, weight=None, k=3.0 / math.sqrt(len(nodes)), iterations=200
    )
    counts = np.array([ordered.nodes[n].get("count", ordered.degree(n)) for n in nodes], float)
    sizes = 150 + 1100 * counts / counts.max()
    weights = np.array([d["weight"] for _, _, d in ordered.edges(data=True)], float)
    fig, ax = plt.subplots(figsize=(8, 6.5))
    nx.draw_networkx_edges(
        ordered,
        pos,
        ax=ax,
        width=0.5 + 3 * weights / weights.max() if weights.size else 1.0,
        edge_color="#bbbbbb",
    )
    nx.draw_networkx_nodes(
        ordered,
        pos,
        nodelist=nodes,
        ax=ax,
        node_size=sizes,
        node_color="#9ecae1",
        edgecolors="#1f5a99",
        linewidths=0.6,
    )
    nx.draw_networkx_labels(ordered, pos, ax=ax, font_family=FONT_NAME, font_size=9)
    ax.set_title("高频词共现网络（同句出现；节点大小＝出现次数，线宽＝共现句数）")
    ax.set_axis_off()
    if source:
        source_note(fig, source)
    return fig


def dispersion_plot(tokens: pd.DataFrame, terms: Sequence[str], *, source: str = "") -> plt.Figure:
    """Where each term occurs: x = token position in reading order, one row per term.

    Dashed vertical lines mark article boundaries. Empty input gives a figure saying
    so.
    """
    if msg := _missing((tokens, "the token table"), (list(terms), "the term list")):
        return no_data_figure(msg, source=source)
    position = np.arange(len(tokens))
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(terms) + 1.4))
    tok = tokens["token"].to_numpy()
    for i, term in enumerate(terms):
        x = position[tok == term]
        ax.vlines(x, i - 0.38, i + 0.38, color="#1f5a99", linewidth=0.8)
    key = _key(tokens, ("doc", "article"))
    starts = np.flatnonzero((tokens[key] != tokens[key].shift()).any(axis=1).to_numpy())
    for s in starts[1:]:
        ax.axvline(s - 0.5, color="#c8553d", linestyle="--", linewidth=1)
    for s in starts:
        ax.text(
            s,
            -0.55,
            f"文章{int(tokens['article'].iloc[s]) + 1}",
            fontsize=8,
            color="#c8553d",
            va="bottom",
            clip_on=False,
        )
    ax.set_yticks(range(len(terms)), list(terms))
    ax.set_ylim(len(terms) - 0.5, -0.5)
    ax.set_xlim(0, len(tokens))
    ax.set_xlabel("词在全文中的位置（按阅读顺序的第几个词）")
    ax.set_title("高频词在全文中的分布（离散图）", pad=14)
    if source:
        source_note(fig, source)
    return fig
