"""Reading a Chinese news text quantitatively: the helper library behind the notebooks.

Data flow: ``load`` (read → clean → structure) → ``tokenize`` / ``token_table`` → analyses
(``frequency``, ``timeline``, ``quantities``) → figures (``analysis.plots``) →
``save_figure`` / ``save_table`` (``analysis.figures``).
"""

from analysis import frequency, quantities, timeline
from analysis.dictionaries import use_dictionaries
from analysis.document import Article, Corpus, Document, Section, Sentence
from analysis.loading import document_from_text, load, load_corpus
from analysis.paths import default_seed, figures_dir
from analysis.reading import TextFileError
from analysis.tokens import segment, token_table, tokenize, tokenize_with_offsets

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

# Export names import matplotlib: loaded on first use, so a corpus worker that imports
# ``analysis`` to tokenize never pays for the plotting libraries.
_EXPORTS = {"FONT_PATH", "save_figure", "save_table", "setup"}


def __getattr__(name: str) -> object:
    if name in _EXPORTS:
        from analysis import figures

        return getattr(figures, name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
