"""Deprecated import path, kept for one release: use :mod:`replint.filters.baseline`."""

import sys

import replint.filters.baseline as _module

sys.modules[__name__] = _module
