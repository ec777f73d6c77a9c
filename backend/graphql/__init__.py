"""The GraphQL API at /graphql, in the seed's conventions."""
