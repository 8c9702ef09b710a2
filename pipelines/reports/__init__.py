"""The run's HTML report: the marts' disclosures and findings, with crops of the pages they are printed on."""

from .site import write_site

__all__ = ["write_site"]
