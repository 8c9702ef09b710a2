"""Pure extraction: PDF → located tables → normalized cells. No Dagster imports here."""
