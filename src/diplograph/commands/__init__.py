"""Subcommands added to the CLI by later faces (see `cli.COMMAND_MODULES`)."""
