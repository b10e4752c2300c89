"""Deprecated import path, kept for one release: use :mod:`replint.infra.cache`."""

import sys

import replint.infra.cache as _module

sys.modules[__name__] = _module
