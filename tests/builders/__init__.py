"""Builders of tiny, locally made models for the tests (the Hub is never reached)."""
