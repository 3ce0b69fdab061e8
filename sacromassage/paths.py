"""Every location the program uses, and every ``SACROMASSAGE_*`` variable it reads.

Environment variables:

* ``SACROMASSAGE_HOME``: the folder that holds the journal and the saved answers
  (wins over everything);
* ``SACROMASSAGE_DATA``: the knowledge base folder (default: the packaged ``data/``);
* ``SACROMASSAGE_CACHE``: the folder for the parsed-knowledge cache;
* ``SACROMASSAGE_TIME_SCALE``: a testing aid that scales every wait of a session.

The XDG base-directory rule holds for every ``XDG_*`` variable: one that is unset,
empty or relative means the default, so a stray ``XDG_DATA_HOME=`` never puts the
journal in the current folder.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from sacromassage.errors import SacromassageError

APP_NAME: Final = "sacromassage"
JOURNAL_FILE: Final = "journal.sqlite3"
PROFILE_FILE: Final = "profile.toml"
HOME_VARIABLE: Final = "SACROMASSAGE_HOME"
DATA_VARIABLE: Final = "SACROMASSAGE_DATA"
CACHE_VARIABLE: Final = "SACROMASSAGE_CACHE"
TIME_SCALE_VARIABLE: Final = "SACROMASSAGE_TIME_SCALE"
#: A scale above this would make a wait overflow the clock; it is ignored like a typo.
MAX_TIME_SCALE: Final = 1000.0


class PathError(SacromassageError):
    """A location that cannot be worked out; the message is one sentence for stderr."""


def _user_home() -> Path:
    return Path(os.path.expanduser("~"))


def _expand(text: str, variable: str) -> Path:
    """``text`` with a leading ``~`` or ``~user`` expanded; PathError if it cannot be."""
    expanded = os.path.expanduser(text)
    if expanded.startswith("~"):
        user = expanded[1:].split("/", 1)[0].split(os.sep, 1)[0]
        raise PathError(
            f"{variable} is {text!r}, but there is no user {user!r} whose home folder "
            "'~' could stand for; give a full path instead."
        )
    return Path(expanded)


def _base(variable: str, default: str) -> Path:
    """A base folder: the variable if it holds an absolute path, else ``~/default``
    (the XDG rule; Windows' folder variables are read the same way)."""
    value = os.environ.get(variable, "")
    if value and os.path.isabs(value):
        return Path(value)
    return _user_home() / default


def journal_dir() -> Path:
    """The journal's folder: ``$SACROMASSAGE_HOME`` if set, else the platform's folder
    for app data (``$XDG_DATA_HOME/sacromassage``, ``~/.local/share/sacromassage`` on
    Linux; ``~/Library/Application Support/sacromassage`` on macOS;
    ``%LOCALAPPDATA%\\sacromassage`` on Windows). Raises :class:`PathError`."""
    home = os.environ.get(HOME_VARIABLE, "").strip()
    if home:
        return _expand(home, HOME_VARIABLE)
    return default_journal_dir()


def home_is_set() -> bool:
    """Whether ``SACROMASSAGE_HOME`` chooses the journal's folder."""
    return bool(os.environ.get(HOME_VARIABLE, "").strip())


def default_journal_dir() -> Path:
    """The platform's folder for app data, ignoring ``SACROMASSAGE_HOME``."""
    if sys.platform == "win32":
        return _base("LOCALAPPDATA", "AppData/Local") / APP_NAME
    if sys.platform == "darwin":
        return _user_home() / "Library" / "Application Support" / APP_NAME
    return _base("XDG_DATA_HOME", ".local/share") / APP_NAME


def legacy_journal_dir() -> Path:
    """Where versions up to 0.x kept the journal: the per-user config folder that
    ``typer.get_app_dir`` names (``~/.config/sacromassage`` on Linux)."""
    if sys.platform == "win32":
        return _base("APPDATA", "AppData/Roaming") / APP_NAME
    if sys.platform == "darwin":
        return _user_home() / "Library" / "Application Support" / APP_NAME
    return _base("XDG_CONFIG_HOME", ".config") / APP_NAME


def config_dir() -> Path:
    """The folder for saved answers (``profile.toml``): ``$SACROMASSAGE_HOME`` if set,
    else the platform's settings folder (``$XDG_CONFIG_HOME/sacromassage``, by the XDG
    rule, or ``~/.config/sacromassage`` on Linux; ``~/Library/Application
    Support/sacromassage`` on macOS; ``%APPDATA%\\sacromassage`` on Windows). Raises
    :class:`PathError`."""
    home = os.environ.get(HOME_VARIABLE, "").strip()
    if home:
        return _expand(home, HOME_VARIABLE)
    return legacy_journal_dir()  # the same folder: the settings folder of old


def journal_file() -> Path:
    """The journal file itself. Raises :class:`PathError`."""
    return journal_dir() / JOURNAL_FILE


def data_dir() -> Path:
    """Where the knowledge base is: ``$SACROMASSAGE_DATA``, else inside the installed
    package, else the checkout."""
    override = os.environ.get(DATA_VARIABLE)
    if override:
        return Path(override)
    packaged = Path(__file__).resolve().parent / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"


def cache_dir() -> Path:
    """Where parsed knowledge is cached: ``$SACROMASSAGE_CACHE``, else the user cache
    folder (``$XDG_CACHE_HOME``, by the XDG rule, or ``~/.cache``)."""
    override = os.environ.get(CACHE_VARIABLE)
    if override:
        return Path(override)
    return _base("XDG_CACHE_HOME", ".cache") / APP_NAME


def time_scale(environ: Mapping[str, str] | None = None) -> float:
    """The factor from ``SACROMASSAGE_TIME_SCALE``; 1.0 when unset or not a positive
    number up to :data:`MAX_TIME_SCALE`."""
    text = (os.environ if environ is None else environ).get(TIME_SCALE_VARIABLE, "").strip()
    try:
        scale = float(text)
    except ValueError:
        return 1.0
    return scale if math.isfinite(scale) and 0 < scale <= MAX_TIME_SCALE else 1.0
