"""The Chainlit side of SongWish, used by `app.py`: identity, persistence, rendering.

`app.py` wires Chainlit's events to the assistant; these modules hold what it
needs and nothing of the business rules: who the person is (`identity`), where
threads are kept (`data_layer`), how a turn is drawn (`turn_view`, `render`),
what follows it (`conversation`, `gift_panel`, `purchases`, `shop`), and the
words of the UI in French and English (`texts`).
"""

import os
from pathlib import Path

# Chainlit finds its config, translations, welcome page and public files in the
# current directory unless told otherwise, and it reads that when first
# imported: point it at the repository, so `songwish serve` works from anywhere.
os.environ.setdefault("CHAINLIT_APP_ROOT", str(Path(__file__).resolve().parents[2]))
