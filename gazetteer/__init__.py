"""Bundled gazetteer data for geoevents and the recipe that builds it (``python -m gazetteer.build``).

Only ``data/`` is read at run time (through importlib.resources); ``build.py`` and its
helpers need the optional ``gazetteer-build`` dependencies.  Sources: SOURCES.md.
"""
