"""Runs the `standards` command from a checkout: python cli.py check ... (installed: `standards`)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from standards_engine.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
