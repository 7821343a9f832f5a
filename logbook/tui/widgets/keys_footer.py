"""The footer of the caseload: Textual's Footer, its keys laid out before the first frame and
again only when the keys it shows change.

Textual's Footer lays out every key again a refresh after each signal that the screen's bindings
changed: at start that was three times (the screen mounted, the filter focused, the app
focused), some fifty milliseconds of the start spent making the same seven keys, the first of
them after the first frame. This one lays its keys out at once when the screen first says which
bindings it has (once something has the focus: the keys depend on it), and again only when what
it shows (a key, its description, whether it is enabled) is not what it shows already.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._bindings_ready = True  # the screen's bindings are known once it is composed
        self._shown: tuple | None = None

    def _keys(self) -> tuple:
        """What the footer shows: each shown binding as it would be drawn, and the palette's."""
        active = self.screen.active_bindings
        keys = tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip, binding.group)
            for _node, binding, enabled, tooltip in active.values()
            if binding.show
        )
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        shown_palette = self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE
        return keys, (palette[1:] if palette and shown_palette else None)

    def compose(self):
        if self.screen.focused is None:
            return  # the keys depend on the focus: laid out once it is given (on_mount)
        self._shown = self._keys()
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        if not screen.app.app_focus:
            return
        if not self.is_attached or screen is not self.screen:
            return
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys  # laid out by the recompose on its way
            self.call_later(self.recompose)
