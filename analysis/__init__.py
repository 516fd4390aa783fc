"""Reading a Chinese news text quantitatively: the helper library behind the notebooks.

Data flow: ``load`` (read → clean → structure) → ``tokenize`` / ``token_table`` → analyses
(``frequency``, ``timeline``, ``quantities``) → figures (``analysis.plots``) →
``save_figure`` / ``save_table`` (``analysis.figures``).

Every public name is loaded on first use (PEP 562 module ``__getattr__``): ``import analysis``
costs milliseconds, so a corpus worker that only tokenizes never imports the plotting
libraries, the time and quantity tables or the numeral libraries, and a notebook pays for
``analysis.timeline`` only when it uses it. ``analysis.X`` and ``from analysis import X`` give
the same objects as before.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the names as type checkers and editors see them
    from analysis import frequency, quantities, timeline
    from analysis.dictionaries import use_dictionaries
    from analysis.document import Article, Corpus, Document, Section, Sentence
    from analysis.figures import FONT_PATH, save_figure, save_table, setup
    from analysis.loading import document_from_text, load, load_corpus
    from analysis.paths import default_seed, figures_dir
    from analysis.reading import TextFileError
    from analysis.tokens import segment, token_table, tokenize, tokenize_with_offsets

# Public name → the module that defines it (a submodule when the name is the module itself).
_SOURCES = {
    "frequency": "analysis.frequency",
    "quantities": "analysis.quantities",
    "timeline": "analysis.timeline",
    "use_dictionaries": "analysis.dictionaries",
    "Article": "analysis.document",
    "Corpus": "analysis.document",
    "Document": "analysis.document",
    "Section": "analysis.document",
    "Sentence": "analysis.document",
    "FONT_PATH": "analysis.figures",
    "save_figure": "analysis.figures",
    "save_table": "analysis.figures",
    "setup": "analysis.figures",
    "document_from_text": "analysis.loading",
    "load": "analysis.loading",
    "load_corpus": "analysis.loading",
    "default_seed": "analysis.paths",
    "figures_dir": "analysis.paths",
    "TextFileError": "analysis.reading",
    "segment": "analysis.tokens",
    "token_table": "analysis.tokens",
    "tokenize": "analysis.tokens",
    "tokenize_with_offsets": "analysis.tokens",
}

__all__ = [
    "FONT_PATH",
    "Article",
    "Corpus",
    "Document",
    "Section",
    "Sentence",
    "TextFileError",
    "default_seed",
    "document_from_text",
    "figures_dir",
    "frequency",
    "load",
    "load_corpus",
    "quantities",
    "save_figure",
    "save_table",
    "segment",
    "setup",
    "timeline",
    "token_table",
    "tokenize",
    "tokenize_with_offsets",
    "use_dictionaries",
]


def __getattr__(name: str) -> object:
    """Import the module behind a public name on first access and cache the name here.

    Any other submodule (``analysis.paths``, ``analysis.loading``) is imported when first
    named too, as it was when this package imported them eagerly.
    """
    source = _SOURCES.get(name, f"analysis.{name}")
    if name.startswith("_") or importlib.util.find_spec(source) is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    module = importlib.import_module(source)
    value = module if source == f"analysis.{name}" else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_SOURCES))
