"""The import screen: preview an export, fix categories, import, undo."""
