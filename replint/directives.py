"""Deprecated import path, kept for one release: use :mod:`replint.text.directives`."""

import sys

import replint.text.directives as _module

sys.modules[__name__] = _module
