"""Text helpers: CJK characters, numerals, dates, sentences, words, similarity."""
