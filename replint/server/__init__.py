"""replint's Language Server (``replint server``), installed with ``replint[server]``.

Only :mod:`replint.server.adapter` calls the engine; :mod:`replint.server.server`
speaks the protocol (pygls), :mod:`replint.server.protocol` turns findings into LSP
values and :mod:`replint.server.positions` converts positions (UTF-16 by default).
Nothing here is imported by the command line until ``replint server`` runs.
"""

from __future__ import annotations

MISSING = (
    "the language server needs the 'server' extra: pip install 'replint[server]' "
    "(pygls and lsprotocol)"
)


def main() -> int:
    """Serve LSP over stdio; 2 when the server extra is not installed."""
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        import sys

        print(f"replint: error: {MISSING}", file=sys.stderr)
        return 2
    from replint.server.server import serve

    serve()
    return 0
