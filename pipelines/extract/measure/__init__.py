"""The product measuring its own reading: what each table region prints against what was read from it."""
