"""The pure domain: no textual, no boto3, no moto. Everything here is plain data and functions."""
