"""Deprecated import path, kept for one release: use :mod:`replint.runner.run`."""

import sys

import replint.runner.run as _module

sys.modules[__name__] = _module
