"""The footer of the caseload: Textual's Footer, its keys laid out with the screen and again
only when the keys it shows change.

Textual's Footer lays out every key again a refresh after each signal that the screen's bindings
changed: at start that was three times (the screen mounted, the filter focused, the app
focused), some fifty milliseconds of the start spent making the same seven keys, the first of
them after the first frame. This one lays its keys out when the screen is composed, in the
order the screen and the app declare them (nothing has the focus yet), and again only when the
keys it shows (a key, its description, whether it is enabled) are not the ones it shows
already. The focus moving between the filter and the list changes only the order in which
Textual lists the bindings (the filter's own ctrl+e, under the screen's, came first): the
footer keeps its order, and is not laid out again for it.
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
        keys = sorted(  # which keys, not in which order: see the module's note
            (
                (binding.key, binding.action, binding.description, enabled, tooltip, binding.group)
                for _node, binding, enabled, tooltip in active.values()
                if binding.show
            ),
            key=lambda shown: (shown[0], shown[1]),
        )
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        shown_palette = self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE
        return tuple(keys), (palette[1:] if palette and shown_palette else None)

    def compose(self):
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
