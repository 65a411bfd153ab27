"""Command-line interface: one module per verb group, all sharing the GUI's cascade."""
