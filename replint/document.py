"""Deprecated import path, kept for one release: use :mod:`replint.model.document`."""

import sys

import replint.model.document as _module

sys.modules[__name__] = _module
