"""The token cache of corpus runs: one Parquet file per document, safe to interrupt and to reuse.

Stage: analyse. An entry is keyed by the document's text and the dictionaries that tokenized
it, and carries that key and a hash of the text inside (Parquet metadata), so an entry is
served only for its own text. Entries are written to a temporary file and renamed, so a full
disk or a killed worker leaves no half-written entry; an entry that is unreadable or belongs
to another text is recomputed and rewritten, with a note. A cache folder that cannot be used
means a run without cache and one warning.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import uuid
from pathlib import Path
from typing import Any

import pandas as pd

CACHE_VERSION = "tokens-v3"  # v3: key and text hash stored in each entry
META_KEY = b"analysis.token_cache"


def _dictionary_fingerprint() -> str:
    """Hash of everything that changes tokens: the active dictionary packs, stopwords."""
    from analysis.dictionaries import active_dictionaries

    return _fingerprint_of(active_dictionaries())


@functools.cache
def _fingerprint_of(packs: tuple[str, ...]) -> str:
    """Hash of the packs' files, the domain stopwords and the cache version."""
    from analysis.dictionaries import pack_files
    from analysis.tokens import DOMAIN_STOPWORDS

    digest = hashlib.sha256(CACHE_VERSION.encode() + ",".join(packs).encode())
    for path in (*pack_files(packs), DOMAIN_STOPWORDS):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(raw: str) -> str:
    """Key of a document's token table: its text and the dictionaries that tokenized it."""
    return hashlib.sha256((_dictionary_fingerprint() + raw).encode("utf-8")).hexdigest()[:32]


def text_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def usable_cache_dir(cache_dir: str | Path) -> tuple[str | None, str | None]:
    """``(folder, None)`` when entries can be written there, else ``(None, why not)``."""
    path = Path(cache_dir)
    probe = path / f".probe-{uuid.uuid4().hex}"
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return None, f"token cache {path} cannot be used ({reason}): running without a cache"
    return str(path), None


def _read(path: Path, key: str, digest: str) -> pd.DataFrame | str:
    """The entry's table, or why it cannot be served."""
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
        meta = json.loads((table.schema.metadata or {})[META_KEY])
    except Exception as exc:  # empty, truncated, garbage or an old entry without metadata
        return f"unreadable ({type(exc).__name__})"
    if meta.get("key") != key or meta.get("text_sha256") != digest:
        return "holds another text's tokens"
    return table.to_pandas()


def _write(frame: pd.DataFrame, path: Path, key: str, digest: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = {
        **(table.schema.metadata or {}),
        META_KEY: json.dumps(
            {"key": key, "text_sha256": digest, "version": CACHE_VERSION}
        ).encode(),
    }
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        pq.write_table(table.replace_schema_metadata(meta), tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def cached_tokens(doc: Any, cache_dir: Path, notes: list[str]) -> pd.DataFrame:
    """The token table from ``cache_dir`` when its entry is valid for this very text; else
    computed, and written atomically. Repairs and failed writes are added to ``notes``."""
    from analysis.tokens import token_table

    key, digest = cache_key(doc.raw), text_hash(doc.raw)
    path = cache_dir / f"{key}.parquet"
    if path.exists():
        found = _read(path, key, digest)
        if isinstance(found, pd.DataFrame):
            found["doc"] = doc.doc_id
            return found
        notes.append(f"{path.name} ({doc.doc_id}) {found}: recomputed and rewritten")
    table = token_table(doc)
    try:
        _write(table, path, key, digest)
    except Exception as exc:  # a full disk or a vanished folder: tokens are still returned
        notes.append(f"{path.name} ({doc.doc_id}) could not be written ({type(exc).__name__})")
    return table
