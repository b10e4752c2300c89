"""Deprecated import path, kept for one release: use :mod:`replint.filters.select`."""

import sys

import replint.filters.select as _module

sys.modules[__name__] = _module
