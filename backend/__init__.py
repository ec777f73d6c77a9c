"""The platform's backend: GraphQL + REST on PostgreSQL (SQLite as the zero-setup default).

Independent of the desktop packages by rule; the contract it shares with them is the SDL
in backend_client/schema.graphql and the conventions that tests hold both sides to.
"""

__version__ = "0.1.0"
