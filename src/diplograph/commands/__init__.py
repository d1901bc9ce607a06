"""Subcommands added to the CLI by later stages (see cli.COMMAND_MODULES)."""
