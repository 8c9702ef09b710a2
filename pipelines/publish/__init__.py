"""What readers get: the read-only copy of the warehouse and its marts as Parquet, and the dbt docs site."""
