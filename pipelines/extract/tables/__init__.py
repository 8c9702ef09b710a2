"""Locating tables: each grid titled by the text around it, joined across pages, and given its code."""
