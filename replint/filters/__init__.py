"""The filter stage: select, suppress (directives), baseline, diff."""
