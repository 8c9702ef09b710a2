"""From an extraction to the warehouse: validated staging frames, their Parquet beside the cached extraction, and the single writer that swaps them into schema raw."""
