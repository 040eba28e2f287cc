"""``python -m quotecoder``."""

from quotecoder.cli import main

raise SystemExit(main())
