"""Builders of the default .docx templates in docgen/templates/ (run: python -m tools.templates)."""
