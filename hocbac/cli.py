"""`hocbac <command>`: every Django management command of the project, e.g. `hocbac serve`,
`hocbac demo --seed 7`, `hocbac token USER`, `hocbac migrate`."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hocbac.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hocbac", *sys.argv[1:]])


if __name__ == "__main__":
    main()
