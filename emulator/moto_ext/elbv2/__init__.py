"""An HTTPS listener takes only a certificate that exists and is issued, as Elastic Load Balancing requires.

moto 5.2 creates a listener with any certificate ARN, one that does not exist or is still pending validation included,
so a client that does not wait for its certificate passes against it and fails against AWS.
"""
