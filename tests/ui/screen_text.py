"""What the terminal shows: the composed screen's lines, English left in them, cut characters."""

from __future__ import annotations

import re

from rich.cells import cell_len, get_character_cell_size

# Words a Chinese screen may still show: the app's name, key names in the footer and form
# hints, the APR abbreviation the glossary keeps, names in the demo's own data (KTV ...),
# and in the language form English named in English (and the palette's "Language", kept
# so a person who cannot read the language shown still finds it). Single letters are keys.
ALLOWED_WORDS = {"budget", "esc", "del", "ctrl", "super", "Enter", "Esc", "Tab", "APR", "KTV",
                 "ATM", "SVG", "English", "Language"}
_WORD = re.compile(r"[A-Za-z][A-Za-z_]+")


def screen_lines(app) -> list[str]:
    """The whole screen as the terminal shows it, front-most widgets over the rest."""
    # Textual has no public way to read the composed screen; the compositor's own render
    # of it is what a screenshot uses.
    return [strip.text for strip in app.screen._compositor.render_strips()]


def english_words(lines: list[str]) -> list[str]:
    """Words in Latin letters that are not in ALLOWED_WORDS, in screen order."""
    return [word for line in lines for word in _WORD.findall(line)
            if word not in ALLOWED_WORDS]


def cut_characters(app) -> list[str]:
    """Double-width characters the screen does not show whole, as "line y: 字 ...".

    Rebuilds which widget is front-most in every cell (the compositor paints front to
    back), then looks at every double-width character each widget draws: where the
    widget is in front for both cells the screen must show the character; where another
    widget covers one of them the character is cut, unless that widget is a scrollbar
    (content scrolled under its own scrollbar is clipped, as in any terminal program).
    """
    from textual.geometry import Region
    from textual.screen import Screen
    from textual.scrollbar import ScrollBar, ScrollBarCorner

    compositor = app.screen._compositor
    width, height = compositor.size
    owner: list[list[object | None]] = [[None] * width for _ in range(height)]
    lines = screen_lines(app)
    problems = []
    for widget, (region, clip) in compositor.visible_widgets.items():
        painted = region.intersection(clip)
        if not painted.width or not painted.height:
            continue
        # A modal form's screen draws the screen beneath it: covered there, not cut.
        behind = isinstance(widget, Screen)
        strips = widget.render_lines(Region(painted.x - region.x, painted.y - region.y,
                                            painted.width, painted.height))
        for y, strip in zip(painted.line_range, strips, strict=False):
            for x in range(painted.x, painted.right):
                if owner[y][x] is None:
                    owner[y][x] = widget
            x = painted.x
            for char in strip.text:
                size = get_character_cell_size(char)
                if size == 2 and x + 1 < width and not behind:
                    front = {owner[y][x], owner[y][x + 1]}
                    covers = front - {widget}
                    if front == {widget} and _char_at(lines[y], x) != char:
                        problems.append(f"line {y}: {char} not shown ({type(widget).__name__})")
                    elif widget in front and covers and not all(
                            isinstance(other, ScrollBar | ScrollBarCorner) for other in covers):
                        problems.append(f"line {y}: {char} cut ({type(widget).__name__} under "
                                        f"{', '.join(type(o).__name__ for o in covers)})")
                x += size
    problems += [f"line {y}: {cell_len(line)} cells" for y, line in enumerate(lines)
                 if cell_len(line) != width]
    return problems


def _char_at(line: str, column: int) -> str:
    x = 0
    for char in line:
        if x == column:
            return char
        x += get_character_cell_size(char)
        if x > column:
            return ""
    return ""
