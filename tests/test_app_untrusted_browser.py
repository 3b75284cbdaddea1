"""Article-derived text is shown as text in a real browser: Markdown images and HTML in an
article's front matter, body or a bad field make the page request nothing (Playwright's request
listener sees every request the page makes, before any routing)."""

from __future__ import annotations

import html
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from browser_support import streamlit_server

from mapper.dashboard.plain import md_text

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "streamlit_app.py"
HOST = "tracker.example"  # never resolvable: a request to it would only be attempted
TIMEOUT_MS = 60_000


def payload(name: str) -> str:
    return f"![{name}](http://{HOST}/{name}.png)"


def hostile_article(tag: str) -> str:
    return (f"---\nid: \"{payload('id')}\"\n"
            f"title: \"{payload('title')} <img src=http://{HOST}/img.png>\"\n"
            f"source: \"{payload('source')}\"\ndate: 2024-06-01\n---\n"
            f"Shelling hit Kharkiv overnight, officials said. {payload('body')} ({tag})\n")


def bad_field_article() -> str:
    return f"---\ndate: \"{payload('date')}\"\n---\nShelling hit Sumy overnight.\n"


def test_markdown_text_shows_every_character_and_forms_no_markup() -> None:
    from markdown_it import MarkdownIt

    for raw in (payload("x"), f"<img src=http://{HOST}/a.png>", "[a]: http://h/p.png\n![a]",
                ":red[alarm] $x^2$ **bold**"):
        rendered = MarkdownIt("commonmark").render(md_text(raw)).strip()
        assert rendered.startswith("<p>") and rendered.endswith("</p>")
        inner = rendered[3:-4]
        assert "<" not in inner, rendered  # no element formed: no img, a, strong ...
        assert html.unescape(inner) == raw.replace("\n", " ")  # every character shown


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with streamlit_server(tmp_path_factory.mktemp("streamlit") / "server.log") as url:
        yield url


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium (`make test`)")
def test_front_matter_markup_makes_the_page_fetch_nothing(server: str) -> None:
    from playwright.sync_api import sync_playwright

    requested: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM),
                                    args=["--no-sandbox", "--headless", "--disable-gpu"])
        try:
            context = browser.new_context(viewport={"width": 1500, "height": 1100})
            context.set_default_timeout(TIMEOUT_MS)
            context.on("request", lambda r: requested.append(r.url))
            context.route("**/*", lambda r: r.abort() if urlparse(r.request.url).hostname
                          not in ("127.0.0.1", "localhost") else r.continue_())
            page = context.new_page()
            page.goto(server)
            page.get_by_text("Paste text", exact=True).click()
            box = page.locator('textarea[aria-label="Article text"]')
            box.fill(bad_field_article())
            page.get_by_role("button", name="Analyse text").click()
            page.get_by_text("is not YYYY-MM-DD").first.wait_for()
            tag = uuid.uuid4().hex[:8]
            box.fill(hostile_article(tag))
            page.get_by_role("button", name="Analyse text").click()
            page.get_by_text(f"({tag})").first.wait_for()  # the Text tab shows the body
            page.get_by_text(payload("title"), exact=False).first.wait_for()  # title as text
            page.get_by_text(payload("source"), exact=False).first.wait_for()
            page.wait_for_timeout(1500)  # anything the page would load, it has asked for
        finally:
            browser.close()
    fetched = [u for u in requested if urlparse(u).hostname == HOST]
    assert not fetched, f"the page requested {fetched}"
    assert any(urlparse(u).hostname == "127.0.0.1" for u in requested)  # the listener listened
