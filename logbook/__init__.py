"""logbook: the NVQ assessor's logbook for Customer Service candidates, in the terminal."""

__version__ = "0.1.0"
