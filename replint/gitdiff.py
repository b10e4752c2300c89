"""Deprecated import path, kept for one release: use :mod:`replint.filters.diff`."""

import sys

import replint.filters.diff as _module

sys.modules[__name__] = _module
