"""The prose patterns, as ordered registries of small handlers.

- exclusions.py: why a number is not a quantity (a date, a document number, list numbering, a phone
  number, corrupted digits, an age that names a target group …); the first rule that matches wins.
- statements.py: how a value joins its statement (a from→to pair, a list, a range, a single value);
  the first handler that applies returns the value's record and the records it rewrites.

A new prose pattern is one handler here, with its words in seeds/reference (ref_words.csv,
ref_patterns.csv, read through the lexicon) and its examples in its docstring and in
tests/ingest/test_prose_handlers.py.
"""
