"""Language data apart from the engines: validated tables, the numeral reader, character maps.

``tables`` loads and checks the TSV files under ``zh/``; ``numbers`` is the one Chinese/Arabic
numeral reader of the timeline and the quantities; ``qualifiers`` reads the one qualifier
vocabulary both extractors share.
"""
