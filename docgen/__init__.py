"""docgen: the paper trail of a Russian school mentoring programme."""
