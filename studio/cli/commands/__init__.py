"""One module per headless command; each exposes ``register(subparsers)``."""
