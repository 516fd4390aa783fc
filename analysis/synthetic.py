"""A SYNTHETIC corpus for scale tests and benchmarks: many short news items from one real text.

Nothing here is data for research. Each document is a made-up headline, a Xinhua-style
dateline with a date (one per month, 2016–2026, so there are several periods) and a few
sentences drawn at random (fixed seed) from a real article. Its purpose is to exercise the
corpus machinery with realistic Chinese sentences: thousands of documents, several years,
real time expressions and quantities. Every headline says 合成 (synthetic).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

from analysis.paths import default_seed
from analysis.reading import read_text
from analysis.sentences import split_sentences

SEED = 20260617
CITIES = ("北京", "福州", "银川", "上海", "成都", "西安")


def source_sentences(path: Path | None = None) -> list[str]:
    """Body sentences of a real text (the first seed by default), long enough to be sentences."""
    raw, _ = read_text(path or default_seed())
    text = " ".join(line.strip() for line in raw.splitlines() if len(line.strip()) > 40)
    return [text[a:b].strip() for a, b in split_sentences(text) if b - a > 12]


def synthetic_documents(
    n: int, *, sentences: tuple[int, int] = (2, 4), seed: int = SEED, path: Path | None = None
) -> Iterator[dict[str, str]]:
    """``n`` synthetic documents as rows ``{"id", "date", "title", "text"}``, reproducibly."""
    pool = source_sentences(path)
    rng = random.Random(seed)
    for k in range(n):
        year, month, day = 2016 + (k // 12) % 11, 1 + k % 12, 1 + k % 28
        city = CITIES[k % len(CITIES)]
        title = f"合成新闻{k + 1}号"
        body = "".join(rng.choice(pool) for _ in range(rng.randint(*sentences)))
        dateline = f"新华社{city}{year}年{month}月{day}日电"
        yield {
            "id": f"syn{k + 1:05d}",
            "date": f"{year:04d}-{month:02d}-{day:02d}",
            "title": title,
            "text": f"{title}\n\n{dateline} {body}\n",
        }


def write_synthetic_corpus(target: str | Path, n: int, **kwargs: object) -> Path:
    """Write ``n`` synthetic documents: a folder of .txt files, or one .jsonl / .csv / .parquet.

    A folder gets one file per document (its date only in the dateline); a table file gets
    one row per document with ``id``, ``date``, ``title`` and ``text`` columns.
    """
    target = Path(target)
    rows = synthetic_documents(n, **kwargs)  # type: ignore[arg-type]
    suffix = target.suffix.lower()
    if suffix == ".jsonl":
        with target.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif suffix in (".csv", ".parquet"):
        import pandas as pd

        frame = pd.DataFrame(list(rows))
        if suffix == ".csv":
            frame.to_csv(target, index=False)
        else:
            frame.to_parquet(target, index=False)
    else:
        target.mkdir(parents=True, exist_ok=True)
        for row in rows:
            (target / f"{row['id']}.txt").write_text(row["text"], encoding="utf-8")
    return target
