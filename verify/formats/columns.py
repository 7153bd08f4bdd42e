"""Text for people kept within ``WIDTH`` columns, so that a terminal or a CI log shows every
line whole: a long line is broken at spaces, its continuation indented under its start."""

from __future__ import annotations

import textwrap

#: The widest line the text formats write.
WIDTH = 100


def wrapped(text: str, first: str = "", rest: str | None = None,
            width: int = WIDTH) -> list[str]:
    """``first`` then ``text``, in lines of at most ``width`` columns; each continuation starts
    with ``rest`` (by default: as many spaces as ``first`` is long, and two more). A word
    longer than a line stays whole; ``first`` is kept as written (its spaces can line up the
    columns of a table)."""
    hanging = " " * len(first) + "  " if rest is None else rest
    lines = textwrap.wrap(text, width, initial_indent=first, subsequent_indent=hanging,
                          break_long_words=False, break_on_hyphens=False)
    return lines or [first.rstrip()]
