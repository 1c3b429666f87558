"""Persistence and the domain rules of gift lists, gifts, orders and users.

Functions here take an `AsyncSession` first, keyword-only arguments after it,
and the acting user explicitly; they never call the network.
"""
