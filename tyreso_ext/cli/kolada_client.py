"""The HTTP client for Kolada's API v3 (https://api.kolada.se/v3), used by ``tyreso kolada`` and nothing else.

The build and ``tyreso check`` never touch the network: they read the data files this client's answers are
written to (:mod:`tyreso_ext.model.kolada_data` describes both Kolada's answers and the files). The client is
polite: one request at a time with a pause between them, at most 25 ids in a request, a timeout on every answer,
and a growing wait (or the one Kolada asks for in ``Retry-After``) before it asks again after 429 Too Many
Requests, a server error or an answer that did not come in time. Its errors are Swedish sentences for staff.
"""

from __future__ import annotations

import contextlib
import dataclasses
import decimal
import email.utils
import time
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Any
from urllib.parse import SplitResult, quote, urljoin, urlsplit

import requests

from tyreso_ext.model.kolada_data import MAX_IDS

USER_AGENT = "tyreso-ext (tyreso kolada; docs-as-code för kommunens planer och uppföljningar)"


class KoladaUnavailable(Exception):
    """Kolada could not be reached, or kept failing: the message says what happened and what to do.

    ``general``: the service as a whole did not answer (no connection, no answer in time, too many requests), so
    asking for the next measure is no use; otherwise only this question failed.
    """

    def __init__(self, message: str, *, general: bool = True) -> None:
        super().__init__(message)
        self.general = general


class KoladaNotFound(Exception):
    """Kolada answered 404: no such measure (or no data for it)."""


def chunks(values: Iterable[str], size: int = MAX_IDS) -> Iterator[list[str]]:
    """The values in lists of at most ``size`` (Kolada takes at most 25 ids in one request)."""
    batch: list[str] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclasses.dataclass
class KoladaClient:
    """One session against one API address; use it as a context manager."""

    api: str
    timeout: float = 30.0  # seconds an answer may take (per request, each attempt)
    pause: float = 0.25  # seconds between two requests: at most four a second
    retries: int = 4  # new attempts after 429 or 5xx
    timeout_retries: int = 2  # new attempts after an answer that did not come in time (more: the service is down)
    backoff: float = 1.0  # the first wait before a new attempt, doubled each time (never longer than the timeout)
    max_wait: float = 60.0  # never wait longer than this, whatever Retry-After says
    max_pages: int = 1000
    requests_made: int = 0
    _last: float = dataclasses.field(default=0.0, repr=False)
    _session: requests.Session = dataclasses.field(default_factory=requests.Session, repr=False)

    def __post_init__(self) -> None:
        self.api = self.api.rstrip("/")
        self._session.headers.update({"Accept": "application/json", "User-Agent": USER_AGENT})

    def __enter__(self) -> KoladaClient:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self._session.close()

    # --- the two questions tyreso kolada asks ------------------------------------------------------------

    def kpi(self, kpi: str) -> dict[str, Any] | None:
        """``/kpi/{id}``: the measure's metadata (title, publication date …), or None when Kolada has no such measure."""
        try:
            data = self.get(f"{self.api}/kpi/{quote(kpi)}")
        except KoladaNotFound:
            return None
        values = data.get("values")
        candidates = values if isinstance(values, list) else [data]
        return next(
            (value for value in candidates if isinstance(value, dict) and str(value.get("id", "")).upper() == kpi),
            None,
        )

    def data(self, kpi: str, areas: list[str], years: list[int]) -> list[dict[str, Any]]:
        """``/data/kpi/{kpi}/municipality/{ids}/year/{years}``, every page, at most 25 ids and 25 years a request."""
        rows: list[dict[str, Any]] = []
        for area_chunk in chunks(areas):
            for year_chunk in chunks([str(year) for year in years]):
                url = (
                    f"{self.api}/data/kpi/{quote(kpi)}/municipality/{quote(','.join(area_chunk), safe=',')}"
                    f"/year/{','.join(year_chunk)}"
                )
                try:
                    for page in self.pages(url):
                        values = page.get("values")
                        rows += [row for row in values if isinstance(row, dict)] if isinstance(values, list) else []
                except KoladaNotFound:
                    continue  # no data for these: nothing to add
        return rows

    # --- the machinery -----------------------------------------------------------------------------------

    def pages(self, url: str) -> Iterator[dict[str, Any]]:
        """Every page of an answer, following ``next_url`` (only to the same server as the API)."""
        api = urlsplit(self.api)
        seen: set[str] = set()
        while url:
            if url in seen or len(seen) >= self.max_pages:
                raise KoladaUnavailable(
                    f"Kolada pekar på samma sida en gång till ({url}), så svaret tar aldrig slut. Försök igen senare.",
                    general=False,
                )
            seen.add(url)
            page = self.get(url)
            yield page
            following = page.get("next_url") or page.get("next_page")  # v3 says next_url; older answers next_page
            if not isinstance(following, str) or not following.strip() or not page.get("values"):
                return
            target = urlsplit(urljoin(url, following.strip()))
            if not _same_server(target, api):
                raise KoladaUnavailable(
                    f"Kolada pekar på nästa sida på en annan server ({target.netloc}); den hämtas inte.", general=False
                )
            url = target._replace(scheme=api.scheme, netloc=api.netloc).geturl()  # as asked: https stays https

    def get(self, url: str) -> dict[str, Any]:
        """One JSON answer; waits its turn, and asks again after 429, a server error or a timeout."""
        timeouts = 0
        for attempt in range(self.retries + self.timeout_retries + 1):
            self._wait_turn()
            try:
                response = self._session.get(url, timeout=self.timeout)
            except requests.Timeout:
                if timeouts < self.timeout_retries:
                    self._sleep(min(self.backoff, self.timeout) * 2**timeouts)
                    timeouts += 1
                    continue
                raise KoladaUnavailable(
                    f"Kolada svarade inte inom {self.timeout:g} sekunder, inte heller efter {timeouts} nya försök ({url}). "
                    "Tjänsten kan vara överbelastad: försök igen senare, eller ge svaret mer tid med --tidsgräns."
                ) from None
            except requests.ConnectionError as error:
                raise KoladaUnavailable(
                    f"Kolada kan inte nås på {self.api} ({_reason(error)}). Kontrollera att datorn är ansluten till "
                    "internet och att adressen i --api stämmer, och försök igen."
                ) from None
            except requests.RequestException as error:
                raise KoladaUnavailable(f"Frågan till Kolada kunde inte ställas ({url}): {_reason(error)}.") from None
            finally:
                self._last = time.monotonic()
                self.requests_made += 1
            status = response.status_code
            if status == 429 or status >= 500:
                if attempt - timeouts < self.retries:
                    self._sleep(self._delay(response, attempt - timeouts))
                    continue
                if status == 429:
                    raise KoladaUnavailable(
                        f"Kolada tar emot för många frågor just nu (svar 429), också efter {self.retries} nya försök. "
                        "Vänta en stund och försök igen."
                    )
                raise KoladaUnavailable(
                    f"Kolada svarade med ett fel ({status}) på {url}, också efter {self.retries} nya försök. Felet ligger hos "
                    "Kolada: försök igen senare.",
                    general=False,
                )
            if status == 404:
                raise KoladaNotFound(url)
            if status >= 400:
                raise KoladaUnavailable(
                    f"Kolada svarade {status} ({response.reason}) på {url}. Kontrollera adressen i --api.", general=False
                )
            try:
                data = response.json(parse_float=decimal.Decimal)
            except ValueError:
                raise KoladaUnavailable(
                    f"Kolada svarade med något som inte är JSON på {url}. Kontrollera adressen i --api.", general=False
                ) from None
            if not isinstance(data, dict):
                raise KoladaUnavailable(f"Kolada svarade i ett format som inte känns igen på {url}.", general=False)
            return data
        raise AssertionError("unreachable")  # the loop returns or raises

    def _wait_turn(self) -> None:
        if self._last:
            self._sleep(self._last + self.pause - time.monotonic())

    def _delay(self, response: requests.Response, attempt: int) -> float:
        """What Kolada asks for in Retry-After (seconds or a date), else a wait that doubles each attempt."""
        header = response.headers.get("Retry-After", "").strip()
        wait = self.backoff * 2**attempt
        if header:
            try:
                wait = float(header)
            except ValueError:
                with contextlib.suppress(TypeError, ValueError):
                    wait = email.utils.parsedate_to_datetime(header).timestamp() - time.time()
        return min(max(wait, self.pause), self.max_wait)

    @staticmethod
    def _sleep(seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _same_server(target: SplitResult, api: SplitResult) -> bool:
    """A next page on the API's own server: the same host (loopback by any of its names), the same port or none."""
    if target.scheme not in ("http", "https"):
        return False
    hosts = {target.hostname, api.hostname}
    return (len(hosts) == 1 or hosts <= _LOOPBACK) and (target.port is None or target.port == api.port)


# The operating system's reasons, in Swedish where they are common.
_REASONS = {
    "Connection refused": "anslutningen nekades",
    "Name or service not known": "adressen hittas inte",
    "nodename nor servname provided, or not known": "adressen hittas inte",
    "Temporary failure in name resolution": "adressen kunde inte slås upp",
    "Network is unreachable": "nätverket kan inte nås",
    "No route to host": "ingen väg till servern",
    "Connection reset by peer": "servern bröt anslutningen",
}


def _reason(error: BaseException) -> str:
    """The innermost reason of a requests error, short: 'Connection refused', 'Name or service not known'."""
    reason: BaseException = error
    while reason.__context__ is not None and reason.__context__ is not reason:
        reason = reason.__context__
    text = str(reason) or type(reason).__name__
    text = text.split("] ", 1)[-1] if text.startswith("[Errno") else text
    return next((swedish for english, swedish in _REASONS.items() if english in text), text)
