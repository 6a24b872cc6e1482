"""Entry script of the frozen app: the same `main()` as the `packstation` console script."""

import sys

from packstation.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
