"""Background jobs off the web workers (issue 18): with DOCGEN_QUEUE_URL=redis://… the PDF
copies, page pictures, an office's batch drafts and the archive's re-indexing are queued on
Redis (RQ) and run by `docgen worker` processes; unset, they run in threads of the web process
(`docgen.web.jobs`)."""
