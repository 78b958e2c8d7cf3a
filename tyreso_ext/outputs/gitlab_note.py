"""``python -m tyreso_ext.outputs.gitlab_note FIL``: the change summary as the one comment of a GitLab merge request.

The pipeline's ``sammanfattning`` job runs it after ``tyreso diff --format markdown``. The first push writes
the comment; every later push edits that same comment, so the merge request carries one summary, the newest.
The comment is found by a hidden marker on its first line. It reads GitLab's own CI variables
(``CI_API_V4_URL``, ``CI_PROJECT_ID``, ``CI_MERGE_REQUEST_IID``) and the project's ``TYRESO_BOT_TOKEN``.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

MARKER = "<!-- tyreso diff: ändringssammanfattning -->"
PAGE_SIZE = 100


class NoteError(Exception):
    """The comment could not be written; the message says why, in Swedish."""


def _call(method: str, url: str, token: str, body: Mapping[str, str] | None = None) -> Any:
    data = json.dumps(body).encode("utf-8") if body is not None else None
    headers = {"PRIVATE-TOKEN": token, **({"Content-Type": "application/json"} if data is not None else {})}
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read().decode("utf-8") or "null")
    except urllib.error.HTTPError as error:
        hint = " Kontrollera att TYRESO_BOT_TOKEN finns, inte har gått ut och har rätten api." if error.code in (401, 403) else ""
        raise NoteError(f"GitLab svarade {error.code} på {method} {url}.{hint}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise NoteError(f"GitLab kunde inte nås ({error}).") from None


def post_or_update(summary: str, environ: Mapping[str, str]) -> str:
    """Write the summary as the merge request's one tyreso comment; 'skapad' or 'uppdaterad'."""
    try:
        api, project, request, token = (
            environ[name] for name in ("CI_API_V4_URL", "CI_PROJECT_ID", "CI_MERGE_REQUEST_IID", "TYRESO_BOT_TOKEN")
        )
    except KeyError as error:
        raise NoteError(f"Variabeln {error.args[0]} saknas: kör i en merge request-pipeline med TYRESO_BOT_TOKEN.") from None
    notes_url = f"{api.rstrip('/')}/projects/{project}/merge_requests/{request}/notes"
    body = f"{MARKER}\n{summary}"
    page = 1
    while True:
        notes = _call("GET", f"{notes_url}?sort=asc&order_by=created_at&per_page={PAGE_SIZE}&page={page}", token)
        if not isinstance(notes, list):
            raise NoteError("GitLab svarade inte med en lista av kommentarer.")
        ours = next((note for note in notes if isinstance(note, dict) and str(note.get("body", "")).startswith(MARKER)), None)
        if ours is not None:
            _call("PUT", f"{notes_url}/{ours['id']}", token, {"body": body})
            return "uppdaterad"
        if len(notes) < PAGE_SIZE:
            break
        page += 1
    _call("POST", notes_url, token, {"body": body})
    return "skapad"


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if len(arguments) != 1:
        print("Användning: python -m tyreso_ext.outputs.gitlab_note andringar.md", file=sys.stderr)
        return 2
    try:
        summary = Path(arguments[0]).read_text(encoding="utf-8")
        done = post_or_update(summary, os.environ)
    except OSError as error:
        print(f"Sammanfattningen kunde inte läsas: {error}", file=sys.stderr)
        return 2
    except NoteError as error:
        print(f"Kommentaren kunde inte skrivas: {error}", file=sys.stderr)
        return 1
    print(f"Kommentaren i merge requesten är {done}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
