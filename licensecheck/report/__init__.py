"""Render results as documents: pure functions from the result dictionaries to text, Markdown and HTML.

One module per kind of document (an analysis, a batch index, a MOF assessment, a compatibility report, a
diff); what they share lives in :mod:`.common`.
"""

from .analysis import (
    change_lines, language_lines, render_expression_text, render_html, render_identification_text, render_markdown,
    render_text, review_lines, validate_analysis, verdict_sentence,
)
from .batch import batch_index_parts
from .common import citations, describe_params, environment, excerpt, is_weak_identification, list_citations, render_json, score_text, source_name
from .compat import render_compat_text
from .diff import render_diff_html, render_diff_markdown, render_diff_text
from .mof import render_mof_html, render_mof_text

__all__ = [
    "batch_index_parts", "change_lines", "citations", "describe_params", "environment", "excerpt", "is_weak_identification",
    "language_lines", "list_citations", "render_compat_text", "render_diff_html", "render_diff_markdown", "render_diff_text", "render_expression_text", "render_html",
    "render_identification_text", "render_json", "render_markdown", "render_mof_html", "render_mof_text", "render_text",
    "review_lines", "score_text", "source_name", "validate_analysis", "verdict_sentence",
]
