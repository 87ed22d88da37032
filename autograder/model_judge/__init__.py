"""The model judge: rebuild a student's model from its config (config, structure), train it (train), as a service (judge)."""
