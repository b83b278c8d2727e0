"""Where missing metadata comes from: the arXiv API (politely), an arXiv metadata snapshot, and title matching."""
