"""The command line that starts the dashboard, wherever the package is installed.

Streamlit reads `.streamlit/config.toml` from the current folder only, so a dashboard started
from anywhere else would fall back to Streamlit's defaults (usage statistics on, a deploy
button). The project's settings are therefore passed as command-line flags.
"""

from __future__ import annotations

import tomllib
from pathlib import Path


def _flag_value(value: object) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    return None  # lists and tables have no command-line form; the file still applies in place


def config_flags(config: Path, skip: frozenset[str] = frozenset()) -> list[str]:
    """`--section.option=value` for every scalar setting in a Streamlit config file."""
    if not config.is_file():
        return []
    with config.open("rb") as handle:
        settings = tomllib.load(handle)
    flags = []
    for section, options in settings.items():
        if not isinstance(options, dict):
            continue
        for option, value in options.items():
            name = f"{section}.{option}"
            text = _flag_value(value)
            if text is not None and name not in skip:
                flags.append(f"--{name}={text}")
    return flags


def streamlit_command(python: str, script: Path, config: Path, port: int) -> list[str]:
    """argv that runs `script` under Streamlit with the project's settings on `port`."""
    return [python, "-m", "streamlit", "run", str(script),
            *config_flags(config, skip=frozenset({"server.port"})), f"--server.port={port}"]
