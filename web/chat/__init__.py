"""The Chainlit side of SongWish, used by `app.py`: identity, persistence, rendering.

`app.py` wires Chainlit's events to the assistant; these modules hold what it
needs and nothing of the business rules: who the person is (`identity`), where
threads are kept (`data_layer`), how cards and the gift-list panel look
(`render`), and the words of the UI in French and English (`texts`).
"""
