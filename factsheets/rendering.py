"""Fiche bodies are Markdown, rendered to a fixed set of tags and sanitised."""

import html
import re

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "strong", "em", "code", "blockquote", "br",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"scope"}}

# Raw HTML in the source is shown as text, never interpreted.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


HEADING = re.compile(r"<(/?)h([1-6])>")


def render_markdown(text: str, *, below: int = 1) -> str:
    """`below`: the level of the heading the text sits under; the text's own "##" headings are placed
    one level below it (under a page's <h1> they stay <h2>; under a fiche title in <h3> they become <h4>)."""
    html_text = _markdown.render(text or "")
    shift = below - 1
    if shift:
        html_text = HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + shift, 6)}>", html_text)
    return nh3.clean(
        html_text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"https", "http", "mailto", "tel"},
        link_rel="noopener",
    )


def plain_text(text: str) -> str:
    """The words of a Markdown text without markup, for the command line and search."""
    stripped = nh3.clean(_markdown.render(text or ""), tags=set())
    return re.sub(r"\s+", " ", html.unescape(stripped)).strip()
