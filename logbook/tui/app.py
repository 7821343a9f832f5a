"""The Textual application."""

from textual.app import App


class LogbookApp(App):
    TITLE = "logbook"
