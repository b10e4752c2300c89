"""The pluggy marker plugins decorate their hook functions with (``replint.hookimpl``).

Defined at the bottom of the layers so that built-in readers and formatters, which
register through the same hooks as third-party plugins, can use it.
"""

from __future__ import annotations

import pluggy

hookimpl = pluggy.HookimplMarker("replint")
