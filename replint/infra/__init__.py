"""Infrastructure: the verified on-disk cache, compiled patterns, data files."""
