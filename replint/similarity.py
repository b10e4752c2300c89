"""Deprecated import path, kept for one release: use :mod:`replint.text.similarity`."""

import sys

import replint.text.similarity as _module

sys.modules[__name__] = _module
