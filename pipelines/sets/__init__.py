"""Disclosure sets: the files that together publish one disclosure (placing.py, from what the documents
state), and a narrative published apart from its tables linked to its companion's cells (links.py)."""

from .links import link_sets

__all__ = ["link_sets"]
