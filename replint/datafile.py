"""Deprecated import path, kept for one release: use :mod:`replint.infra.datafile`."""

import sys

import replint.infra.datafile as _module

sys.modules[__name__] = _module
