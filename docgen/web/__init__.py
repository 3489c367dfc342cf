"""docgen's web service (Flask): the dossier editor, issuing, the journal, the archive, the API."""
