"""Importing this module loads what every extraction needs: the gazetteers,
the tagger's lexicon features and its model, and the GeoNames cities.

The batch's parse workers are forked from a server that imports this module
first (`broadsheet.pipeline._process_pool`), so each worker starts with them in
memory instead of spending its first page's time budget on reading them.
"""
from __future__ import annotations

from . import gazetteer, people, tagger_features

gazetteer.load()
tagger_features.lexicons()
people.cities()
