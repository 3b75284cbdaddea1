"""An article's YAML front matter, read safely and type-checked.

The loader is PyYAML's safe one with a budget: a handful of aliases at most (an "alias bomb"
of nested references would otherwise expand to gigabytes once written out) and a size cap.
The fields the mapper uses are validated into `FrontMatter`: text for id, title and source,
a day for date; lists, mappings and date-times are refused with a one-line reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

MAX_ALIASES = 8  # references (*name) one front matter may use
MAX_FRONT_MATTER_CHARS = 16_384


class FrontMatterError(ValueError):
    """Front matter that cannot be read or has a field of the wrong kind (one-line message)."""


class _BudgetLoader(yaml.SafeLoader):
    """SafeLoader that counts aliases as it composes and stops past the budget."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: ANN401 - PyYAML's API
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise FrontMatterError(f"front matter uses more than {MAX_ALIASES} YAML aliases "
                                       "(*name); write the values out")
        return super().compose_node(parent, index)


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple | set):
        return "a list"
    if isinstance(value, dt.datetime):
        return "a date and time"
    return f"a {type(value).__name__}"


class FrontMatter(BaseModel):
    """The front-matter fields the mapper reads; other fields are allowed and ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str | None = None
    title: str | None = None
    date: dt.date | None = None
    source: str | None = None

    @field_validator("id", "title", "source", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)  # "id: 42"
        raise ValueError(f"must be text, not {_kind(value)}")

    @field_validator("date", mode="before")
    @classmethod
    def _day(cls, value: object) -> object:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            raise ValueError("must be a day YYYY-MM-DD, not a date and time")
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                raise ValueError(f"{value[:40]!r} is not YYYY-MM-DD") from None
        raise ValueError(f"must be YYYY-MM-DD, not {_kind(value)}")


def load_yaml(source: str) -> object:
    """YAML -> plain data with the safe loader and the alias budget."""
    if len(source) > MAX_FRONT_MATTER_CHARS:
        raise FrontMatterError(f"front matter is longer than {MAX_FRONT_MATTER_CHARS:,} "
                               "characters")
    loader = _BudgetLoader(source)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"front matter is not valid YAML ({exc.__class__.__name__})"
                               ) from None
    finally:
        loader.dispose()


def validate_fields(meta: dict[Any, Any], what: str = "front matter") -> FrontMatter:
    """The fields of a mapping as FrontMatter, or a one-line FrontMatterError naming the
    first field of the wrong kind."""
    try:
        return FrontMatter.model_validate({str(k): v for k, v in meta.items()})
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(p) for p in error["loc"]) or "?"
        message = str(error["msg"]).removeprefix("Value error, ")
        raise FrontMatterError(f"{what} field {field!r} {message}") from None


def read_front_matter(source: str) -> FrontMatter:
    """The front matter between the '---' lines, read and checked."""
    meta = load_yaml(source)
    if meta is None:
        return FrontMatter()
    if not isinstance(meta, dict):
        raise FrontMatterError("front matter must be a mapping of fields")
    return validate_fields(meta)
