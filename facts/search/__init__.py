"""Ranking answers by what a question means: analysis (words to terms), the index built at seeding, and
the ranker that scores a question against it. Pure Python over SQLite; no model is downloaded."""
