"""The HTML report: self-contained, escaped, linked; checked in a real browser (headless Chromium)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from licensecheck import analyze, analyze_known
from licensecheck.batch import BatchOptions, run_batch, write_outputs
from licensecheck.policy import fail_on
from licensecheck.report import render_html, render_markdown
from licensecheck.source import read_known, read_path

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


def test_title_shows_the_file_name_and_the_details_keep_the_path(classifier, reference_index, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "work").mkdir()
    (tmp_path / "texts" / "LICENSE").write_text(read_known("llama-2-license-2023").text, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "work")
    result = analyze(read_path("../texts/LICENSE"), classifier=classifier, references=reference_index)
    html = render_html(result.to_dict(), result.source.text)
    assert "<title>licensecheck: Llama 2 Community License Agreement 2023 (LICENSE)</title>" in html
    assert re.search(r"<h1>[^<]*\(LICENSE\)</h1>", html) and "<h1>../texts" not in html
    assert '<span class="path">../texts/LICENSE</span>' in html


def test_html_cards_cite_each_section_once_per_label(classifier) -> None:
    result = analyze_known("bigscience-open-rail-m", classifier=classifier)
    html = render_html(result.to_dict(), result.source.text)
    cards = re.findall(r'<article class="card [a-z]+" id="card-([a-z-]+)-c\d+">(.*?)</article>', html, re.S)
    cited = [(label, re.search(r'<a href="#c\d+">([^<]+)</a>', body).group(1)) for label, body in cards]
    assert len(cited) == len(set(cited))
    revocation = [body for label, body in cards if label == "revocation"]
    assert len(revocation) == 1 and revocation[0].count("<blockquote>") == 2 and "§IV.7" in revocation[0]
    anchor = re.search(r'id="(card-revocation-c\d+)"', html).group(1)
    assert html.count(f'href="#{anchor}"') == 2  # both §IV.7 clauses of the text link back to the one card


def test_html_reports_a_weak_match_as_no_close_match(classifier, reference_index) -> None:
    text = read_known("bigscience-open-rail-m").text
    result = analyze(text[text.rfind("Attachment A") :], classifier=classifier, references=reference_index)
    html = render_html(result.to_dict(), result.source.text)
    section = html.split('<section id="identification">')[1].split("</section>")[0]
    assert "<strong>No close match</strong>" in section and "Nearest, not a match: BigScience Open RAIL-M License" in section
    assert "<table>" not in section and "(unknown)" in section


def test_index_link_is_shown_only_when_given(llama_html: str, classifier) -> None:
    assert "all files" not in llama_html
    result = analyze_known("mit", classifier=classifier)
    assert '<a href="../index.html">← all files</a>' in render_html(result.to_dict(), result.source.text, index_href="../index.html")


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory, classifier) -> Path:
    """A batch run over an exact Llama 2, a modified Apache-2.0, OpenRAIL-M's restrictions alone and a binary file, with a policy."""
    root = tmp_path_factory.mktemp("repo")
    (root / "weights").mkdir()
    (root / "code").mkdir()
    (root / "weights" / "LICENSE").write_text(read_known("llama-2-license-2023").text, encoding="utf-8")
    apache = read_known("apache-2.0").text.replace("no-charge, royalty-free, irrevocable", "revocable, non-commercial")
    (root / "code" / "LICENSE").write_text(apache, encoding="utf-8")
    rail = read_known("bigscience-open-rail-m").text
    (root / "RESTRICTIONS.txt").write_text(rail[rail.rfind("Attachment A") :], encoding="utf-8")
    (root / "NOTICE").write_bytes(bytes(range(256)) * 8)
    result = run_batch(root, BatchOptions())
    policy = fail_on(["user-count-cap"])
    for record in result.records:
        if "error" not in record:  # what the batch command adds when it is given a policy
            violations = [str(violation).split(": ", 1)[1] for violation in policy.violations(record)]
            record["policy"] = {"outcome": "fail" if violations else "pass", "violations": violations}
    next(record for record in result.records if record["source"]["path"] == "RESTRICTIONS.txt").pop("policy")  # shows a dash
    out = tmp_path_factory.mktemp("out")
    write_outputs(result, out)
    return out


def index_rows(html: str) -> dict[str, str]:
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return {re.sub(r"<[^>]+>", "", row.split("</td>")[0]).strip(): row for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)}


def test_batch_index_shows_identification_and_policy_per_file(batch_out: Path) -> None:
    index = (batch_out / "index.html").read_text(encoding="utf-8")
    rows = index_rows(index)
    assert set(rows) == {"weights/LICENSE", "code/LICENSE", "RESTRICTIONS.txt", "NOTICE"}
    assert '<span class="match exact">exact</span> <code>llama-2-license-2023</code>' in rows["weights/LICENSE"]
    assert '<span class="match modified">modified</span> <code>apache-2.0</code>' in rows["code/LICENSE"]
    assert '<span class="match unknown">unknown</span>' in rows["RESTRICTIONS.txt"] and "no close match" in rows["RESTRICTIONS.txt"]
    assert '<span class="fail">fail</span>' in rows["weights/LICENSE"]
    assert "user-count-cap is denied for weights (§2)" in rows["weights/LICENSE"]
    assert '<span class="pass">pass</span>' in rows["code/LICENSE"]
    policy_cell = re.search(r'<td class="policy">(.*?)</td>', rows["RESTRICTIONS.txt"], re.S).group(1)
    assert policy_cell == "—"  # no policy outcome on this record
    assert 'class="error">binary: ' in rows["NOTICE"] and re.search(r'<td class="policy">—</td>', rows["NOTICE"])
    assert "policy: 1 pass, 1 fail" in index


def test_batch_pages_link_back_to_the_index_in_a_browser(browser, batch_out: Path) -> None:
    page = browser.new_page()
    page.goto((batch_out / "index.html").as_uri())
    page.locator('a[href="pages/weights__LICENSE.html"]').click()
    assert page.locator("h1").inner_text() == "Llama 2 Community License Agreement 2023 (LICENSE)"
    page.locator("text=← all files").click()
    assert page.url.endswith("/index.html") and page.locator("#files").count() == 1
    page.close()
