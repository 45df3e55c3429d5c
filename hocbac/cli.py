"""`hocbac <command>`: every Django management command of the project, e.g. `hocbac serve`,
`hocbac demo --seed 7`, `hocbac token USER`, `hocbac migrate`."""

import os
import sys

ALIASES = {"seed-scale": "seed_scale"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hocbac.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:]
    if args and args[0] in ALIASES:  # Django command modules cannot hold a hyphen
        args[0] = ALIASES[args[0]]
    execute_from_command_line(["hocbac", *args])


if __name__ == "__main__":
    main()
