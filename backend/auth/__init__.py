"""Who is calling: passwords, tokens, the caller's principal and login throttling."""
