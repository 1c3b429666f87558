"""`python -m agents.offline`: recompute the shipped intent vectors after editing intents.yaml."""

from agents.offline.intents import default_classifier

if __name__ == "__main__":
    print(f"wrote {default_classifier().save_vectors()}")
