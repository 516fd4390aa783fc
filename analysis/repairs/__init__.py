"""Repairs of scraped pages as a registry of small named rules (stage: read → **repair**).

``registry`` holds the rules (name, stage, summary, examples, function); ``characters`` the
character rules, ``layout`` the rules that need the page's articles; ``log`` turns every edit
into a corrections-log row. ``analysis.cleaning`` runs the character rules.
"""
