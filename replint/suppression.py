"""Deprecated import path, kept for one release: use :mod:`replint.filters.suppress`."""

import sys

import replint.filters.suppress as _module

sys.modules[__name__] = _module
