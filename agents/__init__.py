"""The SongWish assistant: a LangGraph state machine over the tools in `tools/`.

Entry points use `agents.assistant.build_assistant(services)`; see docs/assistant.md.
"""
