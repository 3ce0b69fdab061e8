"""Allow ``python -m sacromassage``."""

from sacromassage.cli import main

if __name__ == "__main__":
    main()
