"""Deprecated import path, kept for one release: use :mod:`replint.infra.regexes`."""

import sys

import replint.infra.regexes as _module

sys.modules[__name__] = _module
