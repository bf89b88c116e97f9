"""``python -m policy_model.cli``: the same as the ``policy-model`` command."""

from __future__ import annotations

import sys

from . import main

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
