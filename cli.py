"""Shim so `python cli.py ARGS` behaves exactly like the installed `geoevents ARGS`."""
from geoevents.cli import main

if __name__ == "__main__":
    main()
