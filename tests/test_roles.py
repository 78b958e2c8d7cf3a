"""Cross-reference roles: the title, the badge of the period and a link to page#anchor."""

from __future__ import annotations

import pytest
from helpers import ROOTS, body, line_of, text, tyreso_warnings

T1 = "reports/2023/T1/kommunstyrelsen.html"
T2 = "reports/2023/T2/kommunstyrelsen.html"
PLAN = "reports/2023/plan/kommunstyrelsen.html"


def references_by_lead_in(app) -> dict[str, object]:
    """Each paragraph of lankar.md is 'Lead-in: {role}`…`'; map the lead-in to its rendered reference."""
    found = {}
    for paragraph in body(app, "lankar").find_all("p"):
        lead_in = text(paragraph).split(":", 1)[0]
        found[lead_in] = paragraph.select_one(".tyreso-ref")
    return found


def describe(reference) -> tuple[str, str, str | None, str | None, str]:
    """(link text, link target, badge word, badge colour class, period note) of a rendered reference."""
    link = reference.find("a")
    badge = reference.select_one(".tyreso-badge")
    colour = next((css for css in badge["class"] if css.startswith("tyreso-badge-")), None) if badge else None
    return text(link), link["href"], text(badge) if badge else None, colour, text(reference.select_one(".tyreso-ref-period"))


@pytest.mark.parametrize(
    ("lead_in", "expected"),
    [
        # No period: the newest period that has the object.
        ("Senaste", ("Trygg skolväg", f"{T2}#uppdrag-trygg-skolvag", "Grön", "tyreso-badge-gron", "(2023-T2)")),
        # A named period.
        ("Tertial 1", ("Trygg skolväg", f"{T1}#uppdrag-trygg-skolvag", "Gul", "tyreso-badge-gul", "(2023-T1)")),
        # An explicit title replaces the object's title, the status stays.
        ("Egen text", ("Skolvägen", f"{T2}#uppdrag-trygg-skolvag", "Grön", "tyreso-badge-gron", "(2023-T2)")),
        # The goal is followed up in T1 only: its newest period is T1.
        ("Målet", ("Nöjda invånare", f"{T1}#mal-nojda-invanare", "Gul", "tyreso-badge-gul", "(2023-T1)")),
        ("Indikatorn", ("Andel nöjda invånare", f"{T1}#indikator-andel-nojda-invanare", "Gul", "tyreso-badge-gul", "(2023-T1)")),
        ("Risken", ("Brand i skollokaler", f"{T2}#risk-brand-i-skollokaler", "Grön", "tyreso-badge-gron", "(2023-T2)")),
        ("Med domännamn", ("Ökade energipriser", f"{T2}#risk-okade-energipriser", "Grön", "tyreso-badge-gron", "(2023-T2)")),
        # A plan occurrence has no status: it says so instead of showing a badge.
        ("Risken i planen", ("Brand i skollokaler", f"{PLAN}#risk-brand-i-skollokaler", None, None, "(plan 2023)")),
        ("Planens mål med domännamn", ("Nöjda invånare", f"{PLAN}#mal-nojda-invanare", None, None, "(plan 2023)")),
    ],
)
@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_reference_shows_title_badge_and_links_to_the_object(app, lead_in, expected):
    app.build()
    reference = references_by_lead_in(app)[lead_in]
    assert reference is not None, f"the role after '{lead_in}' was not turned into a reference"
    assert describe(reference) == expected


@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_reference_links_resolve_to_an_existing_anchor(app):
    app.build()
    for lead_in, reference in references_by_lead_in(app).items():
        href = reference.find("a")["href"]
        docname, anchor = href.split("#")
        target = body(app, docname.removesuffix(".html"))
        assert target.find(id=anchor) is not None, f"{lead_in}: {href} points nowhere"


@pytest.mark.sphinx("html", testroot="broken", freshenv=True)
def test_unknown_id_renders_okant_id_and_warns_ty010(app):
    app.build()
    unknown = body(app, "reports/2023/T1/kommunstyrelsen").select_one(".tyreso-ref-okand")
    assert unknown is not None
    assert text(unknown) == "finns-inte (okänt id)"
    assert unknown.find("a") is None
    source = ROOTS / "test-broken/reports/2023/T1/kommunstyrelsen.md"
    line = line_of(source, "{uppdrag}`finns-inte`")
    ty010 = [(path, found_line) for path, found_line, code, message in tyreso_warnings(app) if code == "TY010"]
    assert ty010 == [("reports/2023/T1/kommunstyrelsen.md", line)]
