from factsheets.rendering import plain_text, render_markdown


def test_markdown_becomes_the_allowed_tags():
    html = render_markdown("## Before you go\n\n1. Ask for the **A1**.\n2. Keep *a copy*.\n\n[ONSS](https://www.onss.be)")
    assert "<h2>Before you go</h2>" in html
    assert "<ol>" in html and "<li>Ask for the <strong>A1</strong>.</li>" in html
    assert "<em>a copy</em>" in html
    assert '<a href="https://www.onss.be" rel="noopener">ONSS</a>' in html


def test_raw_html_and_scripts_are_never_interpreted():
    html = render_markdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_dangerous_links_lose_their_address():
    html = render_markdown("[click](javascript:alert(1)) and [data](data:text/html;base64,xx)")
    assert 'href="javascript' not in html and 'href="data' not in html


def test_top_level_headings_are_reserved_for_the_page():
    assert "<h1>" not in render_markdown("# Title")


def test_plain_text_drops_the_markup():
    assert plain_text("## Title\n\nSee [ONSS](https://www.onss.be) &amp; **A1**.") == "Title See ONSS & A1."


def test_headings_sit_one_level_below_the_title_they_follow():
    assert "<h4>Apply</h4>" in render_markdown("## Apply\n\n### Then", below=3)
    assert "<h5>Then</h5>" in render_markdown("## Apply\n\n### Then", below=3)
    assert "<h2>Apply</h2>" in render_markdown("## Apply", below=1)
