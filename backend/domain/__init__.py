"""Business rules of the server, free of GraphQL: who may write what, and how writes land."""
