"""Deprecated import path, kept for one release: use :mod:`replint.runner.discover`."""

import sys

import replint.runner.discover as _module

sys.modules[__name__] = _module
