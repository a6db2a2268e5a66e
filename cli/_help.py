"""One look for every command's help and usage errors.

Help: click's upper-case metavars, no type shown for flags. Usage errors (an unknown
option, a value not among the listed choices) are one line on stderr and exit 2, like
every other error of ours, instead of typer's multi-line box.

typer 0.29 prints its own type labels (``<str>``, ``<bool>``, ``<list[Path]>``) wherever a
parameter has no metavar, including beside flags such as ``--help`` that take no value.
Rather than repeat a metavar on every option of every command, the command classes below
fill the gaps once: a flag shows nothing, a choice shows ``[a|b]``, another option shows
its click type in capitals (``TEXT``, ``INTEGER``, ``PATH``), an argument shows its name in
capitals in the usage line and no type.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from cli._render import EXIT_UNUSABLE, fail


def _tidy(params: list[Any]) -> list[Any]:
    for param in params:
        if isinstance(param, TyperOption) and param.metavar is None:
            param.metavar = _option_metavar(param)
        elif isinstance(param, TyperArgument):
            if param.metavar is None and param.name:
                param.metavar = param.name.upper()
            # typer shows an argument's Python type beside its name; the name says enough.
            setattr(param, "display_type_rich", _no_type)  # noqa: B010 - shadows a method on this instance
    return params


# click's names for the value types our options use
_TYPE_NAMES = {"str": "TEXT", "int": "INTEGER", "float": "FLOAT", "path": "PATH", "Path": "PATH"}


def _option_metavar(option: TyperOption) -> str | None:
    if option.is_flag or option.count:
        return ""
    described = getattr(option, "type_descriptor", None)
    if described is None:  # another typer than the 0.29 this was written for: keep its labels
        return None
    if described.choices:
        return "[" + "|".join(str(getattr(choice, "value", choice)) for choice in described.choices) + "]"
    if described.is_path:
        return "PATH"
    bare = option.bare_type().removeprefix("list[").removesuffix("]")
    return _TYPE_NAMES.get(bare, bare.upper())


def _no_type(ctx: object) -> None:
    return None


class Command(TyperCommand):
    """A command whose help and usage errors follow the module's conventions."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _tidy(super().get_params(ctx))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except Exception as error:
            # click's usage errors carry exit code 2 and a one-line message; typer's Exit
            # (raised after --help) has no message and goes through untouched.
            message = getattr(error, "format_message", None)
            if getattr(error, "exit_code", None) != EXIT_UNUSABLE or message is None:
                raise
            # typer words a bad choice "Value error, 'x' is not one of ..."; the prefix says nothing
            text = str(message()).replace("Value error, ", "")
            raise fail(f"{text} (see {ctx.command_path} --help)", EXIT_UNUSABLE) from error


class Group(TyperGroup):
    """The application group, with the same help conventions."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _tidy(super().get_params(ctx))
