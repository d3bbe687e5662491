"""Report: links and fetched facts to audit rows and a summary, and digest fixes (pure)."""
