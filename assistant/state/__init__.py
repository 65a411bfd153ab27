"""Settings, history, translation memory, secrets and clear-state (no Qt)."""
