"""avi-codegen: typed Python SDKs generated from Avi controller API specs."""

__version__ = "0.1.0"
