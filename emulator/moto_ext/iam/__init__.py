"""IAM's ``AddClientIDToOpenIDConnectProvider`` and ``RemoveClientIDFromOpenIDConnectProvider``, which moto 5.2 lacks
(it answers them with an unknown action): a client that finds the account's OIDC provider without the audience it
needs adds it, as AWS lets it, instead of creating a second provider for the same URL (which AWS refuses).

Both are idempotent, as AWS documents them: adding a client ID the provider has, or removing one it lacks, succeeds
and changes nothing.
"""
