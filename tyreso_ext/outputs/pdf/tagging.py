"""The last touches to WeasyPrint's PDF/UA-1 tags, made on its PDF objects before the file is written.

WeasyPrint's ``finisher`` hook hands over the document and the ``pydyf.PDF`` after tagging and before
the file (and its content-hash identifier) is written, so nothing is parsed twice and the bytes stay
reproducible. Four things WeasyPrint 70 leaves short of PDF/UA-1 are mended here:

- the running header and footer (the page-margin boxes) are marked content whose structure elements
  hang outside the structure tree: they become ``/Artifact`` marked content of type ``/Pagination``
  (subtype ``/Header`` or ``/Footer``), and their stray elements and parent-tree entries go;
- an element inside a link (``<a><span>…</span></a>``) gets a second link annotation whose owner is
  not a ``Link`` element: the duplicate goes, and an annotation with no ``Link`` above it gets one;
- a list item whose content is a block (``<li><p>…</p></li>``) holds it directly: it is put into the
  item's ``LBody``;
- header cells say their scope (``/Column`` or ``/Row``), as the print page's ``scope`` attribute does.

No Sphinx here; runs in the worker processes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

NULL = b"null"
_LIST_PARTS = ("/Lbl", "/LBody")
_SCOPES = {"row": "/Row", "rowgroup": "/Row", "col": "/Column", "colgroup": "/Column"}


def finish_tags(document: Any, pdf: Any) -> None:
    """WeasyPrint's finisher: mend the tags of ``pdf`` (a ``pydyf.PDF``) of ``document``."""
    if "StructTreeRoot" not in pdf.catalog:
        return
    tree = _Tree(pdf)  # walked once: the mending adds only list bodies, which need no visit
    tree.mark_pagination_artifacts([page.height for page in document.pages])
    tree.tie_annotations_to_links()
    tree.put_list_content_in_bodies()
    _say_header_scopes(document)


class _Tree:
    """The structure tree of a ``pydyf.PDF``: its objects are looked up by their references (b'12 0 R')."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.root = self.resolve(pdf.catalog["StructTreeRoot"])
        # The parent tree: [page 0, [element of MCID 0, …], page 1, […], …, annotation's key, its element, …]
        self.nums = self.resolve(self.root["ParentTree"])["Nums"]
        self.pages = [self.resolve(reference) for reference in pdf.page_references]
        self.elements = list(self._walk())

    def resolve(self, value: Any) -> Any:
        if isinstance(value, bytes) and value.endswith(b" R"):
            return self.pdf.objects[int(value.split()[0])]
        return value

    def _walk(self) -> Iterator[Any]:
        """The structure elements reachable from the root, parents before children."""
        seen: set[int] = set()
        stack = [self.resolve(kid) for kid in reversed(self.root["K"])]
        while stack:
            element = stack.pop()
            if element.number in seen:
                continue
            seen.add(element.number)
            yield element
            stack.extend(kid for kid in (self.resolve(kid) for kid in reversed(element["K"])) if _is_element(kid))

    # --- running headers and footers -----------------------------------------------------------

    def mark_pagination_artifacts(self, heights: list[float]) -> None:
        """Content whose element is outside the tree (the margin boxes) becomes a pagination artifact."""
        reachable = {element.number for element in self.elements}
        for number, page in enumerate(self.pages):
            mapping = self.nums[2 * number + 1]
            stray = {mcid for mcid, reference in enumerate(mapping) if reference != NULL and _number(reference) not in reachable}
            if not stray:
                continue
            stream = self.resolve(page["Contents"]).stream
            for index in (index for index, item in enumerate(stream) if item == b"BDC"):
                item = stream[index - 1]
                if _is_mcid(item, stray) and _is_tag(stream[index - 2]):
                    y = _text_top(stream, index - 1)
                    properties = {"Type": "/Pagination"}
                    if y is not None:  # the page's coordinates run downwards in CSS pixels (WeasyPrint's flip)
                        properties["Subtype"] = "/Header" if y < heights[number] / 2 else "/Footer"
                    stream[index - 2] = "/Artifact"
                    stream[index - 1] = type(item)(properties)
            for mcid in stray:
                mapping[mcid] = NULL
        for element in self.pdf.objects:  # the stray elements: emptied, so that no reader mistakes them for tags
            if _is_element(element) and element.number not in reachable:
                element.clear()

    # --- link annotations ------------------------------------------------------------------------

    def tie_annotations_to_links(self) -> None:
        """Every link annotation belongs to a ``Link`` element; a duplicate of its ``Link`` parent's goes."""
        for element in self.elements:
            if element["S"] == "/Link":
                continue
            for kid in list(element["K"]):
                owned = self.resolve(kid)
                if not (isinstance(owned, dict) and owned.get("Type") == "/OBJR"):
                    continue
                annotation = self.resolve(owned["Obj"])
                link = self._link_above(element)
                if link is not None and any(_same_target(annotation, other) for other in self._annotations(link)):
                    self._drop_annotation(element, kid, annotation)
                else:
                    element["S"] = "/Link"

    def _link_above(self, element: Any) -> Any:
        parent = self.resolve(element.get("P"))
        while _is_element(parent):
            if parent["S"] == "/Link":
                return parent
            parent = self.resolve(parent.get("P"))
        return None

    def _annotations(self, element: Any) -> Iterator[Any]:
        for kid in element["K"]:
            owned = self.resolve(kid)
            if isinstance(owned, dict) and owned.get("Type") == "/OBJR":
                yield self.resolve(owned["Obj"])

    def _drop_annotation(self, element: Any, kid: bytes, annotation: Any) -> None:
        element["K"].remove(kid)
        key = annotation.pop("StructParent", None)
        for index in range(2 * len(self.pages), len(self.nums), 2):
            if self.nums[index] == key:
                del self.nums[index : index + 2]
                break
        for page in self.pages:
            annotations = page.get("Annots")
            if annotations is not None and annotation.reference in annotations:
                annotations.remove(annotation.reference)
                if not annotations:
                    del page["Annots"]
        self.resolve(kid).clear()
        annotation.clear()

    # --- list items ------------------------------------------------------------------------------

    def put_list_content_in_bodies(self) -> None:
        """A list item holds a label and a body only: what else it holds goes into its body, in order."""
        for item in self.elements:
            if item.get("S") != "/LI":  # (a body merged into another is emptied on the way)
                continue
            kids = list(item["K"])
            parts = [self.resolve(kid) for kid in kids]
            if all(_is_element(part) and part["S"] in _LIST_PARTS for part in parts):
                continue
            bodies = [part for part in parts if _is_element(part) and part["S"] == "/LBody"]
            body = bodies[0] if bodies else None
            if body is None:
                body = type(item)({"Type": "/StructElem", "S": "/LBody", "K": type(item["K"])(), "P": item.reference})
                if "Pg" in item:
                    body["Pg"] = item["Pg"]
                self.pdf.add_object(body)
            contents = []
            for kid, part in zip(kids, parts, strict=True):
                if _is_element(part) and part["S"] == "/Lbl":
                    continue
                if part is body or (_is_element(part) and part["S"] == "/LBody"):
                    contents.extend(part["K"])
                    if part is not body:
                        for inner in part["K"]:
                            self._move(inner, part, body)
                        part.clear()
                else:
                    contents.append(kid)
                    self._move(kid, item, body)
            body["K"][:] = contents
            item["K"][:] = [kid for kid, part in zip(kids, parts, strict=True) if _is_element(part) and part["S"] == "/Lbl"]
            item["K"].append(body.reference)

    def _move(self, kid: Any, old: Any, new: Any) -> None:
        """``kid`` of ``old`` now belongs to ``new``: its parent, or its parent-tree entry, says so."""
        part = self.resolve(kid)
        if _is_element(part):
            part["P"] = new.reference
        elif isinstance(kid, int):  # a marked-content identifier on old's page
            page = next((index for index, page in enumerate(self.pages) if page.reference == old.get("Pg")), None)
            if page is not None:
                self.nums[2 * page + 1][kid] = new.reference
        elif isinstance(part, dict) and part.get("Type") == "/OBJR":
            key = self.resolve(part["Obj"]).get("StructParent")
            for index in range(2 * len(self.pages), len(self.nums), 2):
                if self.nums[index] == key:
                    self.nums[index + 1] = new.reference


def _say_header_scopes(document: Any) -> None:
    """``/Scope`` on every header cell, from its ``scope`` attribute (none: a column header, as WeasyPrint
    ties it to the cells below it). WeasyPrint keeps each cell's structure element on its box (``mark``)."""
    from weasyprint.formatting_structure.boxes import LineBox, ParentBox

    stack = [page._page_box for page in document.pages]
    while stack:
        box = stack.pop()
        element = getattr(box, "mark", None)
        if element is not None and box.element_tag == "th" and "A" in element:
            element["A"]["Scope"] = _SCOPES.get(box.element.attrib.get("scope", "col").lower(), "/Column")
        elif isinstance(box, ParentBox) and not isinstance(box, LineBox):  # no cell stands in a line of text
            stack.extend(box.children)


def _is_element(value: Any) -> bool:
    return isinstance(value, dict) and value.get("Type") == "/StructElem"


def _is_tag(item: Any) -> bool:
    return isinstance(item, str) and item.startswith("/")


def _is_mcid(item: Any, wanted: set[int]) -> bool:
    return isinstance(item, dict) and item.get("MCID") in wanted and len(item) == 1


def _number(reference: Any) -> int | None:
    return int(reference.split()[0]) if isinstance(reference, bytes) and reference.endswith(b" R") else None


def _text_top(stream: list[Any], start: int) -> float | None:
    """The vertical position of the first text (``Tm``) after ``start``, before its marked content ends."""
    for item in stream[start + 2 :]:
        if item == b"EMC":
            return None
        if isinstance(item, bytes) and item.endswith(b" Tm"):
            return float(item.split()[5])
    return None


def _same_target(annotation: Any, other: Any) -> bool:
    return annotation is other or (
        _data(annotation.get("Dest")) == _data(other.get("Dest"))
        and _data(annotation.get("A")) == _data(other.get("A"))
        and (annotation.get("Dest") is not None or annotation.get("A") is not None)
    )


def _data(value: Any) -> bytes | None:
    return None if value is None else bytes(value.data) if hasattr(value, "data") else bytes(value)
