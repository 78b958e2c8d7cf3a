"""Decided reports in the site: the corrections under the title, each linking to its diff, and the rules that
need the Git history (TY041, TY042), reported by every build exactly as ``tyreso check`` reports them.

Both call :meth:`tyreso_ext.history.decided.DecidedReports.check` on the same reports and the same files in
the working tree, once per build, after every document is read (``env-updated``); the post-transform that
fills each report's list of corrections uses what that found.
"""

from __future__ import annotations

import contextlib
import dataclasses
import weakref
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from tyreso_ext.history.decided import DecidedReview, decided_reports
from tyreso_ext.history.gitrepo import open_repository
from tyreso_ext.model.findings import Finding
from tyreso_ext.render.corrections import BEFORE_DECISION, NOT_COMMITTED, UNTRACEABLE, CorrectionLine, corrections_node
from tyreso_ext.source.project import Project
from tyreso_ext.sphinx_ext import warn
from tyreso_ext.sphinx_ext.config import settings
from tyreso_ext.sphinx_ext.domain import get_domain

logger = logging.getLogger(__name__)
HEAD_FILE = "tyreso-decisions-head.txt"  # the commit the decided pages last showed, beside the doctrees
_ALLOWED_SCHEMES = ("https://", "http://")


class corrections_placeholder(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """Where a decided report's corrections are listed; ``path`` is the report's file."""


@dataclasses.dataclass
class DecisionState:
    """What the history says of the decided reports in this build."""

    reviews: dict[str, DecidedReview]
    findings: list[Finding]
    in_git: bool


_states: weakref.WeakKeyDictionary[BuildEnvironment, DecisionState] = weakref.WeakKeyDictionary()


def decision_state(env: BuildEnvironment) -> DecisionState:
    """Read once per build, in the main process after every document is read (writers inherit it)."""
    cached = _states.get(env)
    if cached is not None:
        return cached
    decided = decided_reports(Project(Path(env.srcdir), settings(env.config)))
    if decided is None:
        state = DecisionState({}, [], in_git=False)
    else:
        reviews, findings = decided.check(get_domain(env).reports.values())
        state = DecisionState(reviews, findings, in_git=True)
    _states[env] = state
    return state


def insert_corrections(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: a decided report with corrections lists them under its facts (filled at write time)."""
    env = app.env
    report = get_domain(env).reports.get(env.docname)
    if report is None or report.decision is None or not report.corrections:
        return
    placeholder = corrections_placeholder(path=report.path)
    facts = next((node for node in doctree.findall(nodes.field_list) if "tyreso-report-facts" in node["classes"]), None)
    if facts is not None:
        facts.parent.insert(facts.parent.index(facts) + 1, placeholder)
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None:
        section.insert(1, placeholder)
    else:
        doctree.insert(0, placeholder)


def report_decision_findings(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated`` (every build): TY041 and TY042, as ``tyreso check`` finds them."""
    _states.pop(env, None)  # what the history says now, not what an earlier build in this process read
    state = decision_state(env)
    docname_for_path = {report.path: report.docname for report in get_domain(env).reports.values()}
    warn.emit(state.findings, docname_for_path)
    return []


def decided_pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: a new commit can change the diffs a decided report links to."""
    domain = get_domain(env)
    decided = sorted(docname for docname, report in domain.reports.items() if report.corrections)
    repository = open_repository(Path(env.srcdir))
    repository_head = (repository.head() or "") if repository is not None else ""
    head_file = Path(env.doctreedir) / HEAD_FILE
    with contextlib.suppress(OSError):
        if head_file.read_text(encoding="utf-8") == repository_head:
            return []
    with contextlib.suppress(OSError):
        head_file.parent.mkdir(parents=True, exist_ok=True)
        head_file.write_text(repository_head, encoding="utf-8")
    return decided


def diff_url(pattern: str, before: str, after: str) -> str:
    """The Git service's page for the diff between two commits, from ``tyreso_diff_url`` ('' when none)."""
    if not pattern:
        return ""
    try:
        url = pattern.format(fran=before, till=after)
    except (KeyError, IndexError, ValueError):
        logger.warning(
            "tyreso_diff_url i conf.py ska innehålla {fran} och {till}, till exempel "
            "'https://gitlab.example.se/kommun/rapporter/-/compare/{fran}...{till}'. Ändringarna visas utan länk.",
            type="tyreso",
            subtype="config",
            once=True,
        )
        return ""
    if not url.startswith(_ALLOWED_SCHEMES):
        logger.warning(
            "tyreso_diff_url i conf.py ska börja med https://. Ändringarna visas utan länk.",
            type="tyreso",
            subtype="config",
            once=True,
        )
        return ""
    return url


class FillCorrections(SphinxPostTransform):
    """Each correction with its diff: a link to the Git service, or the two commit ids."""

    default_priority = 6

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(corrections_placeholder))
        if not placeholders:
            return
        state = decision_state(self.env)
        pattern = str(self.config.tyreso_diff_url or "").strip()
        reports = {report.path: report for report in get_domain(self.env).reports.values()}
        for placeholder in placeholders:
            report = reports.get(placeholder["path"])
            if report is None:
                placeholder.parent.remove(placeholder)
                continue
            review = state.reviews.get(report.path)
            lines = []
            for index, correction in enumerate(report.corrections):
                trail = review.trail_of(index) if review is not None else None
                if trail is None or not state.in_git:
                    lines.append(CorrectionLine(correction, note=UNTRACEABLE))
                elif trail.after is None:
                    lines.append(CorrectionLine(correction, note=NOT_COMMITTED))
                elif trail.before is None:
                    lines.append(CorrectionLine(correction, note=BEFORE_DECISION))
                else:
                    url = diff_url(pattern, trail.before, trail.after)
                    lines.append(CorrectionLine(correction, trail.before, trail.after, url))
            placeholder.replace_self(corrections_node(lines))


def setup(app: Sphinx) -> None:
    # An 'html' setting: another address re-writes the pages, it does not re-read them.
    app.add_config_value("tyreso_diff_url", "", "html", types=(str,))
    app.add_node(corrections_placeholder)
    app.add_post_transform(FillCorrections)
    app.connect("doctree-read", insert_corrections)
    app.connect("env-updated", report_decision_findings)
    app.connect("env-get-updated", decided_pages_to_rewrite)
