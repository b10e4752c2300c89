"""Deprecated import path, kept for one release: use :mod:`replint.model.findings`."""

import sys

import replint.model.findings as _module

sys.modules[__name__] = _module
