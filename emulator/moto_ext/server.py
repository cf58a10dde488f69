"""moto_server with the extensions of this package installed: the same arguments, the same endpoints."""

import sys

from moto_ext import install


def main() -> None:
    install()
    from moto.server import main as moto_main

    moto_main(sys.argv[1:])


if __name__ == "__main__":
    main()
