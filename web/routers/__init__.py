"""One router per resource, each under /api/<resource>."""
