"""One look for every command's help: click's upper-case metavars, no type shown for flags.

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


def _option_metavar(option: TyperOption) -> str:
    if option.is_flag or option.count:
        return ""
    described = option.type_descriptor
    if described.choices:
        return "[" + "|".join(str(getattr(choice, "value", choice)) for choice in described.choices) + "]"
    if described.is_path:
        return "PATH"
    bare = option.bare_type().removeprefix("list[").removesuffix("]")
    return _TYPE_NAMES.get(bare, bare.upper())


def _no_type(ctx: object) -> None:
    return None


class Command(TyperCommand):
    """A command whose help follows the module's conventions."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _tidy(super().get_params(ctx))


class Group(TyperGroup):
    """The application group, with the same help conventions."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _tidy(super().get_params(ctx))
