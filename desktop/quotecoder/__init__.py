"""QuoteCoder: code quoted sources in news coverage."""

__version__ = "0.1.0"
