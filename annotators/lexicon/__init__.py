"""Word lists and tables kept as data (``data/``), read by one loader."""
