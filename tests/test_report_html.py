"""The HTML report: self-contained, escaped, linked; checked in a real browser (headless Chromium)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from licensecheck import analyze, analyze_known
from licensecheck.report import render_html, render_markdown

ARTIFACTS = Path(__file__).parent / "artifacts"
HOSTILE = (
    "EVIL MODEL LICENSE\n\n"
    "1. You may not use the Model for commercial purposes. <script>window.__pwned = 1</script>\n"
    '2. You may not use the Model for weapons. <img src=x onerror="window.__pwned = 2">\n'
    "3. See [the policy](javascript:window.__pwned=3) and {{ 7 * 7 }} and {% if true %}x{% endif %}.\n"
)


@pytest.fixture(scope="module")
def llama_html(classifier, reference_index) -> str:
    result = analyze_known("llama-2-license-2023", classifier=classifier, references=reference_index)
    return render_html(result.to_dict(), result.source.text)


@pytest.fixture(scope="module")
def hostile_html(classifier) -> str:
    result = analyze(HOSTILE, classifier=classifier, references=False)
    return render_html(result.to_dict(), result.source.text)


def test_report_is_self_contained(llama_html: str) -> None:
    assert "<script" not in llama_html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", llama_html)
    assert "@import" not in llama_html and "<link" not in llama_html
    assert "@page { size: A4" in llama_html


def test_report_shows_banner_identification_cards_and_text(llama_html: str) -> None:
    assert 'class="banner not-open"' in llama_html
    assert "Llama 2 Community License Agreement 2023" in llama_html
    assert "threshold: 700,000,000 monthly active users (per month)" in llama_html
    card = re.search(r'id="card-user-count-cap-(c\d+)"', llama_html)
    assert card and f'href="#{card.group(1)}"' in llama_html and f'id="{card.group(1)}"' in llama_html


def test_untrusted_license_text_is_escaped(hostile_html: str) -> None:
    assert "<script>window" not in hostile_html and "&lt;script&gt;" in hostile_html
    assert "<img" not in hostile_html and "&lt;img src=x" in hostile_html
    assert 'href="javascript:' not in hostile_html
    assert "{{ 7 * 7 }}" in hostile_html and "49" not in hostile_html


def test_markdown_escapes_table_pipes(classifier) -> None:
    result = analyze("You may not use the Model | for commercial purposes.", classifier=classifier, references=False)
    markdown = render_markdown(result.to_dict())
    assert "Model \\| for" in markdown and markdown.startswith("### licensecheck:")


def open_page(browser, html: str, tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    return page, errors


def test_llama_report_in_a_browser_links_the_cap_card_to_its_clause(browser, llama_html: str, tmp_path: Path) -> None:
    page, errors = open_page(browser, llama_html, tmp_path, "llama.html")
    card = page.locator("article[id^=card-user-count-cap-]")
    assert card.count() == 1
    card.locator("a").first.click()
    target = page.evaluate("location.hash")
    clause = page.locator(f"span{target}")
    assert clause.count() == 1 and "700 million monthly active users" in clause.inner_text()
    page.locator(f"{target} + a.back").click()
    assert page.evaluate("location.hash").startswith("#card-")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "llama-2-report.png"), full_page=True)
    assert errors == []
    page.close()


def test_hostile_license_stays_inert_in_a_browser(browser, hostile_html: str, tmp_path: Path) -> None:
    page, errors = open_page(browser, hostile_html, tmp_path, "hostile.html")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("script").count() == 0 and page.locator("img").count() == 0
    assert "{{ 7 * 7 }}" in page.locator(".text").inner_text()
    assert errors == []
    page.close()
