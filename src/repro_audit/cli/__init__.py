"""The `audit` command line: options, wiring, subcommands; the only place that writes files."""
