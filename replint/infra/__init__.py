"""Infrastructure: the verified on-disk cache, compiled patterns, data files; the
version and the pluggy marker (here, at the bottom of the layers, so that built-in
readers and formatters can register through the same hooks as plugins)."""

import pluggy

__version__ = "0.1.0"  # also in pyproject.toml

#: The marker plugins decorate their hook functions with (``replint.hookimpl``).
hookimpl = pluggy.HookimplMarker("replint")
