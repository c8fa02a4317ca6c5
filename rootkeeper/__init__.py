"""rootkeeper: guided, journaled runbooks for the AWS root user."""

__version__ = "0.1.0"
