"""ACM's DNS validation as AWS does it: a requested certificate is issued once its validation records are in a public
Route 53 zone of the account, not after a fixed wait; and a certificate a load balancer's listener uses cannot be
deleted.

moto 5.2 issues every requested certificate 60 seconds after the request (``MOTO_ACM_VALIDATION_WAIT``), whether or not
anyone wrote the record, and deletes one a listener still uses, so a client that forgets the record or deletes in the
wrong order passes against it and fails against AWS.
"""
