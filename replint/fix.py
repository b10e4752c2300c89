"""Deprecated import path, kept for one release: use :mod:`replint.runner.fix`."""

import sys

import replint.runner.fix as _module

sys.modules[__name__] = _module
