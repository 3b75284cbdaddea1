"""The placeholder dashboard runs and answers a lookup (AppTest, no browser)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


def test_first_screen_shows_kharkiv() -> None:
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception
    table = app.dataframe[0].value
    assert table.iloc[0]["name"] == "Kharkiv" and table.iloc[0]["country"] == "UA"


def test_unknown_name_gives_a_message() -> None:
    app = AppTest.from_file(APP, default_timeout=60).run()
    app.text_input[0].set_value("Qwzxvbnmistan").run()
    assert not app.exception
    assert "No place named" in app.info[0].value
