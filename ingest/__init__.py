"""Ingest of basic-public-service plan texts into seed CSVs."""
