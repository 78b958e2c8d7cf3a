"""``python -m tyreso_ext.cli``: the ``tyreso`` command."""

from tyreso_ext.cli import main

raise SystemExit(main())
