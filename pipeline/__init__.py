"""Post-dbt steps: publish the built warehouse atomically, export marts to Parquet."""
