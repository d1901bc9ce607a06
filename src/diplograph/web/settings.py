"""The server reads the same configuration as the command line: see diplograph/config.py."""
from ..config import CONFIG_NAME, TOKEN_ENV, Settings, SettingsError, load_settings

__all__ = ["CONFIG_NAME", "TOKEN_ENV", "Settings", "SettingsError", "load_settings"]
