"""Deprecated import path, kept for one release: use :mod:`replint.model.errors`."""

import sys

import replint.model.errors as _module

sys.modules[__name__] = _module
