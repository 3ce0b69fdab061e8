"""``sacromassage profile``: show the answers saved for next time, or forget them."""

from typing import Annotated

import typer

from sacromassage.cli.choices import chosen_format, keys
from sacromassage.cli.options import format_option
from sacromassage.model import SHOW_FORMATS, OutputFormat

ProfileFormatOpt = Annotated[
    OutputFormat | None, format_option(SHOW_FORMATS, f"Output: {keys(SHOW_FORMATS)}.")
]


def profile_command(
    output_format: ProfileFormatOpt = None,
    forget: Annotated[bool, typer.Option("--forget", help="Delete the saved answers.")] = False,
) -> None:
    """Show the answers saved for next time, or forget them.

    \b
    Examples:
      sacromassage profile
      sacromassage profile -f json
      sacromassage profile --forget

    'advise' and 'session' remember complete answers (never the red flags or your pain);
    '--saved' reuses them and '--no-save' leaves them as they are.
    """
    from sacromassage import profile

    fmt = chosen_format(output_format, None, SHOW_FORMATS, OutputFormat.RICH)
    where = profile.profile_path()
    if forget:
        gone = profile.forget(where)
        typer.echo(
            f"Forgot your saved answers (deleted {gone})."
            if gone
            else "There were no saved answers to forget."
        )
        return
    saved = profile.load(where)
    from sacromassage.render import profile as profile_render

    if fmt is OutputFormat.JSON:
        from sacromassage.render.json import dumps, profile_dict

        typer.echo(dumps(profile_dict(where, saved)), nl=False)
    elif saved is None:
        typer.echo(profile_render.NOTHING_SAVED)
    elif fmt is OutputFormat.PLAIN:
        typer.echo(profile_render.plain_profile(where, saved))
    else:
        from sacromassage.terminal import stdout_console

        profile_render.print_profile(where, saved, stdout_console())
