"""geoevents: dated, geolocated events from narrative drug-trafficking reports."""
__version__ = "0.1.0"
