"""Deprecated import path, kept for one release: use :mod:`replint.model.report`."""

import sys

import replint.model.report as _module

sys.modules[__name__] = _module
