"""Reading: digest bytes to text, text to entries, URLs to typed links (pure, no network)."""
