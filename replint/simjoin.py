"""Deprecated import path, kept for one release: use :mod:`replint.text.simjoin`."""

import sys

import replint.text.simjoin as _module

sys.modules[__name__] = _module
