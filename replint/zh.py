"""Deprecated import path, kept for one release: use :mod:`replint.text.zh`."""

import sys

import replint.text.zh as _module

sys.modules[__name__] = _module
