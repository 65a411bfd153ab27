"""PySide6 + qasync desktop interface; the only layer that knows about Qt."""
