"""The digests a build keeps per document: what they leave out is what the outputs relying on them do not use."""

from __future__ import annotations

import dataclasses
import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from tyreso_ext.model.collection_rules import check_collection
from tyreso_ext.model.digests import document_digests
from tyreso_ext.model.objects import DocumentObjects, SteeringObject
from tyreso_ext.model.settings import Settings
from tyreso_ext.model.status import Status
from tyreso_ext.source.reader import ReadDocument, read_document

SETTINGS = Settings(organs=("Kommunstyrelsen", "Socialnämnden"))
FRONT = "---\nrapporttyp: {kind}\nperiod: {period}\norgan: {organ}\n---\n\n# Rubrik\n\n"


def _read(path: str, kind: str, period: str, organ: str, body: str) -> ReadDocument:
    text = FRONT.format(kind=kind, period=period, organ=organ) + body
    return read_document(text, path.removesuffix(".md"), path, SETTINGS)


# A small site with a finding of every rule across documents: a renamed id (TY010 with a suggestion), an id no plan
# defines (TY010), a duplicate (TY009), a reference to nothing (TY010), a plan object left out (TY014) and a
# follow-up of another organ's plan (TY030).
DOCUMENTS = [
    _read(
        "reports/2023/plan/kommunstyrelsen.md",
        "nämndplan",
        "2023",
        "Kommunstyrelsen",
        ":::{uppdrag} Digital service\n:id: digital-service\n:::\n\n:::{uppdrag} Trygg skolväg\n:id: trygg-skolvag\n:::\n\n"
        ":::{risk} Personalbrist\n:id: personalbrist\n:::\n",
    ),
    _read(
        "reports/2023/T1/kommunstyrelsen.md",
        "delårsrapport",
        "2023-T1",
        "Kommunstyrelsen",
        ":::{uppdrag} Digital SERVICE\n:id: digitala-tjanster\n:status: grön\n:::\n\n"
        ":::{uppdrag} Okänt\n:id: finns-inte\n:status: gul\n:orsak: Sent.\n:åtgärder: Ny plan.\n:::\n\n"
        ":::{uppdrag} Okänt igen\n:id: finns-inte\n:status: röd\n:orsak: Sent.\n:åtgärder: Ny plan.\n:::\n\n"
        "Se {uppdrag}`saknas-helt`.\n",
    ),
    _read(
        "reports/2023/T1/socialnamnden.md",
        "delårsrapport",
        "2023-T1",
        "Socialnämnden",
        ":::{uppdrag} Trygg skolväg\n:id: trygg-skolvag\n:status: grön\n:::\n",
    ),
]


def _findings(documents: list[tuple[object, list[SteeringObject], list]]) -> list:
    reports = [report for report, _, _ in documents if report is not None]
    return check_collection(
        reports, [obj for _, objects, _ in documents for obj in objects], [r for *_, refs in documents for r in refs]
    )


def _with_statuses(objects: list[SteeringObject], statuses: list[Status | None]) -> list[SteeringObject]:
    """The objects with other statuses, both as read and among the fields as written."""
    changed = []
    for obj, status in zip(objects, statuses, strict=False):
        fields = dict(obj.fields)
        if status is None:
            fields.pop(obj.status_field, None)
        else:
            fields[obj.status_field] = status.value
        changed.append(dataclasses.replace(obj, status=status, fields=fields))
    return changed + objects[len(changed) :]


def test_the_small_site_has_a_finding_of_every_rule_across_documents():
    findings = _findings([(d.report, d.objects, d.references) for d in DOCUMENTS])
    assert {finding.code for finding in findings} == {"TY009", "TY010", "TY014", "TY030"}
    assert any("Menade du 'digital-service'" in finding.message for finding in findings)
    assert any("'saknas-helt' pekar på ett id som inte finns" in finding.message for finding in findings)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([*Status, None]), min_size=8, max_size=8))
def test_the_rules_across_documents_read_no_status_and_its_digest_leaves_only_the_status_out(statuses):
    """The build keeps these rules' findings while no document's collection digest changes, and that digest leaves
    the status out: any status, anywhere, gives the same findings."""
    original = [(d.report, list(d.objects), list(d.references)) for d in DOCUMENTS]
    changed, start = [], 0
    for report, objects, references in original:
        changed.append((report, _with_statuses(objects, statuses[start : start + len(objects)]), references))
        start += len(objects)
    assert _findings(changed) == _findings(original)
    for (report, objects, references), (_, other_objects, _) in zip(original, changed, strict=True):
        before, after = document_digests(report, objects, references), document_digests(report, other_objects, references)
        assert after.collection == before.collection
        if [obj.status for obj in objects] != [obj.status for obj in other_objects]:
            assert after.registers != before.registers  # the registers show the status


def test_a_digest_changes_with_what_its_output_shows():
    report, objects, references = DOCUMENTS[1].report, list(DOCUMENTS[1].objects), list(DOCUMENTS[1].references)
    before = document_digests(report, objects, references)
    moved = [dataclasses.replace(obj, line=obj.line + 3) for obj in objects]  # lines added above: no register shows a line
    assert document_digests(report, moved, references).registers == before.registers
    assert document_digests(report, moved, references).collection != before.collection  # the findings name the line
    renamed = [dataclasses.replace(objects[0], id="ett-annat-id"), *objects[1:]]
    assert document_digests(report, renamed, references).registers != before.registers
    assert document_digests(report, renamed, references).collection != before.collection
    retitled = [dataclasses.replace(objects[0], title="En annan rubrik"), *objects[1:]]
    assert document_digests(report, retitled, references).registers != before.registers
    assert document_digests(report, objects, []).collection != before.collection  # the references are seen too
    assert set(before.registers) == {"uppdrag"}


def test_a_documents_objects_are_pickled_once_and_saved_again_as_the_same_bytes():
    objects = DocumentObjects(DOCUMENTS[0].objects)
    saved = pickle.dumps(objects, pickle.HIGHEST_PROTOCOL)
    loaded = pickle.loads(saved)
    assert isinstance(loaded, DocumentObjects) and list(loaded) == list(DOCUMENTS[0].objects)
    assert [obj.title for obj in loaded] == ["Digital service", "Trygg skolväg", "Personalbrist"]
    assert pickle.dumps(loaded, pickle.HIGHEST_PROTOCOL) == saved  # saved from the bytes it was loaded from
    assert loaded[0].period is pickle.loads(saved)[1].period  # one shared instance per period, as before
