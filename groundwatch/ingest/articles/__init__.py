"""Articles and feeds: pasted text, files, web pages and RSS/Atom feeds read into plain text."""
