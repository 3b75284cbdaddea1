import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mapper.gazetteer.normalize import MAX_NAME_CHARS, normalize_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Kharkiv", "kharkiv"),
        ("Харків", "kharkiv"),
        ("Kharkivs’ka Oblast’", "kharkivska oblast"),
        ("L’viv", "lviv"),
        ("Île-de-France", "ile de france"),
        ("U.S.", "us"),
        ("U. S.", "us"),
        ("Washington, D.C.", "washington dc"),
        ("  St.   Petersburg ", "st petersburg"),
        ("Zürich", "zurich"),
        ("", ""),
        ("\x00\x07\x1b", ""),
    ],
)
def test_normal_form(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


@given(st.text(max_size=2000))
def test_normal_form_is_safe_ascii_and_idempotent(text: str) -> None:
    norm = normalize_name(text)
    assert re.fullmatch(r"[a-z0-9 ]*", norm)
    assert len(norm) <= MAX_NAME_CHARS
    assert normalize_name(norm) == norm
