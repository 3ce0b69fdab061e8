"""Allow ``python -m sacromassage``."""

from sacromassage._entry import main

if __name__ == "__main__":
    main()
