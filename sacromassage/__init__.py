"""sacromassage: a careful self-massage guide for sacroiliac (SI) joint pain."""

__version__ = "0.1.0"
