"""``python -m bot``: run the bot (same as ``chronicle run``)."""

import sys

from bot.cli import main

sys.exit(main(["run", *sys.argv[1:]]))
