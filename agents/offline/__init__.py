"""The offline assistant model: SongWish without an API key (see docs/offline-model.md).

Modules, one job each:

- `text`, `numbers`, `money`, `people`, `slots`: pure readers of what a message says;
- `intents` (+ `data/intents.yaml`): rules, then nearest labelled examples (e5);
- `conversation`: the messages as turns, tool exchanges and the graph's context;
- `references`: which item or gift "the second one" means;
- `searching`, `actions`, `lists`, `profile`, `policy`: from an understood message to tool calls
  or a question;
- `replies`, `renderers` (+ `data/replies.yaml`): grounded, varied answers in French or
  English;
- `model`: `OfflineChatModel`, the LangChain chat model tying them together.
"""

from agents.offline.model import OfflineChatModel

__all__ = ["OfflineChatModel"]
