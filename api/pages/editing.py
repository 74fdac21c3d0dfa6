"""Editing on the pages: signing in with an API key, recording actions and assessments on an item's
page, verifying what another editor recorded, and triaging the inbox.

Every write calls the same library method as its JSON route (``tracker.actions.record``,
``tracker.items.assess``, ``verify``, ``tracker.inbox.accept`` / ``reject``) under the same actor,
``key:NAME``, and passes the same guard: an editor role, and the key's write rate. Every form
carries a token checked by Litestar's CSRF middleware before a handler runs. A refused form comes
back with what was typed and each error beside its field (400); a write that succeeds redirects
to the page that shows it (303, Post/Redirect/Get) with a confirmation.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.exceptions import HTTPException, NotAuthorizedException, PermissionDeniedException, ValidationException
from litestar.params import PathParameter, QueryParameter
from litestar.response import Redirect, Template

import tracker
from tracker.domain.entities import Candidate, Item
from tracker.domain.enums import Role, Verification
from tracker.domain.writes import Acceptance, NewAction, NewAssessment, Rejection
from tracker.errors import Conflict, InvalidInput, NotAllowed, NotFound
from tracker_api.auth import flash, sign_in
from tracker_api.errors import problem, reject_nul_characters
from tracker_api.pages.controller import bad_request_page, not_found_page
from tracker_api.pages.forms import N_, Form, Said, action_fields, assessment_fields, check, editing_context
from tracker_api.pages.languages import PageLanguage, PageLanguageDependency, fallback_language, page_language
from tracker_api.parameters import check_query
from tracker_api.plugin import TrackerDependency, Writer

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
#: The inbox page lists this many candidates at a time.
CANDIDATES_PER_PAGE = 20
EDITOR = {"role": Role.EDITOR}

ItemId = Annotated[str, PathParameter()]
CandidateId = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]


def check_form_request(request: Request[Any, Any, Any]) -> Any:
    """The pages' version of the app's request check: form bodies are what these routes take."""
    if request.method == "POST":
        media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media_type not in FORM_TYPES:
            return problem(415, f"send the form as application/x-www-form-urlencoded, not {media_type or 'no body'}")
    refused = reject_nul_characters(request)
    if refused is None:
        check_query(request)
    return refused


def local_path(target: str | None) -> str:
    """Where to go after signing in: a path of this site only (never ``//host`` or ``https://…``)."""
    if target and target.startswith("/") and not target.startswith(("//", "/sign-")) and "\\" not in target:
        return target
    return "/"


def _confirm(request: Request[Any, Any, Any], message: Said, href: str | None = None) -> None:
    flash(request, message.text, href)


def _item_href(item_id: str, anchor: str | None = None) -> str:
    return f"/items/{quote(item_id, safe='')}" + (f"#{anchor}" if anchor else "")


# --- pages in words for what the JSON API answers as problems ------------------------------------


def _said_page(
    request: Request[Any, Any, Any], status: int, heading: Said, message: Said, headers: dict[str, str] | None = None
) -> Template:
    back = request.headers.get("referer")
    context = {"title": heading.text, "heading": heading, "message": message, "back": _path_of(back) if back else None}
    return fallback_language(request).page("editing_error.html", context, status, headers)


def sign_in_needed(request: Request[Any, Any, Any], _: Exception) -> Template:
    """A visitor (or a session that ended) asks for an editor's page or sends an editor's form: the sign-in form, 401."""
    target = request.url.path if request.method == "GET" else request.headers.get("referer", "/")
    return _sign_in_page(request, N_("Sign in with an editor key to do this."), Form({"next": local_path(_path_of(target))}), 401)


def refused(request: Request[Any, Any, Any], exc: Exception) -> Template:
    """403 in words: a form without its token (nothing was written), or a write the rules forbid."""
    if isinstance(exc, PermissionDeniedException) and exc.detail == "CSRF token verification failed":
        message = N_(
            "This form came without its security token, or with an old one, so nothing was written."
            " Go back, reload the page and send the form again."
        )
        return _said_page(request, 403, N_("Form refused"), message)
    return _said_page(request, 403, N_("Not allowed"), Said(str(exc.detail if isinstance(exc, HTTPException) else exc)))


def already_done(request: Request[Any, Any, Any], exc: Conflict) -> Template:
    """409 in words: a candidate triaged already, a record verified already, an action recorded already."""
    return _said_page(request, 409, N_("Already done"), Said(exc.message))


def other_http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Template:
    """Any other refusal (too many writes, a form that is not one): its status and its words."""
    headers = dict(exc.headers) if exc.headers else None
    return _said_page(request, exc.status_code, N_("Not done"), Said(str(exc.detail)), headers)


def _path_of(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:  # a Referer that is no URL: back to the start
        return "/"
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _sign_in_page(
    request: Request[Any, Any, Any], message: Said | None, form: Form, status: int = 200, language: PageLanguage | None = None
) -> Template:
    if message is not None:
        form.add("key", message)
    context = {"title": N_("Sign in").text, "form": form, "idle_minutes": request.app.state.session_idle_minutes}
    return (language or fallback_language(request)).page("sign_in.html", context, status)


class EditingController(Controller):
    """Signing in and out, the item page's forms and the inbox."""

    path = "/"
    include_in_schema = False
    before_request = check_form_request
    dependencies = {"language": Provide(page_language, sync_to_thread=False)}
    exception_handlers = {
        NotFound: not_found_page,
        InvalidInput: bad_request_page,
        ValidationException: bad_request_page,
        NotAuthorizedException: sign_in_needed,
        PermissionDeniedException: refused,
        NotAllowed: refused,
        Conflict: already_done,
        HTTPException: other_http_error,
    }

    # --- signing in and out ----------------------------------------------------------------------

    @get("/sign-in", opt={"public": True}, name="editing:sign-in")
    async def sign_in_form(
        self,
        request: Request[Any, Any, Any],
        language: PageLanguageDependency,
        next_page: Annotated[str | None, QueryParameter(name="next", description="Where to go once signed in")] = None,
    ) -> Template:
        """The sign-in form: one field for the API key."""
        return _sign_in_page(request, None, Form({"next": local_path(next_page)}), language=language)

    @post("/sign-in", opt={"public": True}, name="editing:sign-in-post")
    async def sign_in(self, request: Request[Any, Any, Any], tracker: TrackerDependency) -> Template | Redirect:
        """Exchange an editor's key for a session: the key is never shown again, not even after a mistake."""
        form = Form(await request.form())
        target = local_path(form.text("next"))
        shown = Form({"next": target})
        secret = form.text("key")
        if secret is None:
            return _sign_in_page(request, N_("Paste your API key."), shown, 400)
        key = await tracker.keys.authenticate(secret)
        if key is None:
            return _sign_in_page(request, N_("This key is unknown or has been revoked."), shown, 401)
        if not key.role.includes(Role.EDITOR):
            return _sign_in_page(
                request, N_("This key can only read; the pages are open to read without signing in."), shown, 403
            )
        await sign_in(request, key)
        _confirm(request, N_("You are signed in. Records you make are attributed to your key."))
        return Redirect(path=target, status_code=303)

    @post("/sign-out", opt={"public": True}, name="editing:sign-out")
    async def sign_out(self, request: Request[Any, Any, Any]) -> Redirect:
        """End the session (its stored file and its cookie)."""
        request.clear_session()
        return Redirect(path="/", status_code=303)

    # --- an item's records -----------------------------------------------------------------------

    @post("/items/{item_id:str}/actions", opt=EDITOR, name="editing:record-action")
    async def record_action(
        self, request: Request[Any, Any, Any], tracker: TrackerDependency, writer: Writer, item_id: ItemId
    ) -> Template | Redirect:
        """Record an action that bears on this item, with its effect on it, as ``POST /api/v1/actions`` does."""
        item = (await tracker.items.get(item_id)).item
        form = Form(await request.form())
        form.require("kind", "title", "date", "sources", "links.effect")
        fields = {"state": item.state, **action_fields(form)}
        if effect := form.text("links.effect"):
            fields["links"] = [{"item": item.id, "effect": effect, "note": form.text("links.note")}]
        if form.ok:
            check(NewAction, fields, form)
        if form.ok:
            try:
                action = await tracker.actions.record(fields, by=writer)
            except (InvalidInput, NotFound) as exc:
                form.error_of(exc.field, exc.message if isinstance(exc, InvalidInput) else str(exc))
            except Conflict as exc:
                form.error_of(None, exc.message)
                return _record_page(request, item, "action", form, 409)
            else:
                _confirm(
                    request, N_("The action is recorded. It counts toward the item's status once another editor verifies it.")
                )
                return Redirect(path=_item_href(item.id, action.id), status_code=303)
        return _record_page(request, item, "action", form, 400)

    @post("/items/{item_id:str}/assessments", opt=EDITOR, name="editing:record-assessment")
    async def record_assessment(
        self, request: Request[Any, Any, Any], tracker: TrackerDependency, writer: Writer, item_id: ItemId
    ) -> Template | Redirect:
        """Record an assessment of this item, as the library's ``items.assess`` does."""
        item = (await tracker.items.get(item_id)).item
        form = Form(await request.form())
        form.require("assessor_kind", "assessor", "grade", "date", "sources")
        fields = assessment_fields(form)
        if form.ok:
            check(NewAssessment, fields, form)
        if form.ok:
            try:
                assessment = await tracker.items.assess(item.id, fields, by=writer)
            except InvalidInput as exc:
                form.error_of(exc.field, exc.message)
            except Conflict as exc:
                form.error_of(None, exc.message)
                return _record_page(request, item, "assessment", form, 409)
            else:
                _confirm(
                    request, N_("The assessment is recorded. It counts toward the item's status once another editor verifies it.")
                )
                return Redirect(path=_item_href(item.id, assessment.id), status_code=303)
        return _record_page(request, item, "assessment", form, 400)

    @post("/items/{item_id:str}/actions/{action_id:str}/verify", opt=EDITOR, name="editing:verify-action")
    async def verify_action(
        self,
        request: Request[Any, Any, Any],
        tracker: TrackerDependency,
        writer: Writer,
        item_id: ItemId,
        action_id: Annotated[str, PathParameter()],
    ) -> Redirect:
        """Confirm an action another editor recorded, as ``POST /api/v1/actions/{id}/verify`` does."""
        await tracker.actions.verify(action_id, by=writer)
        _confirm(request, N_("Verified. The record now counts toward the status of the items it bears on."))
        return Redirect(path=_item_href(item_id, action_id), status_code=303)

    @post("/items/{item_id:str}/assessments/{assessment_id:str}/verify", opt=EDITOR, name="editing:verify-assessment")
    async def verify_assessment(
        self,
        request: Request[Any, Any, Any],
        tracker: TrackerDependency,
        writer: Writer,
        item_id: ItemId,
        assessment_id: Annotated[str, PathParameter()],
    ) -> Redirect:
        """Confirm an assessment another editor recorded, as ``POST /api/v1/assessments/{id}/verify`` does."""
        await tracker.assessments.verify(assessment_id, by=writer)
        _confirm(request, N_("Verified. The record now counts toward the status of the items it bears on."))
        return Redirect(path=_item_href(item_id, assessment_id), status_code=303)

    # --- the inbox -------------------------------------------------------------------------------

    @get("/inbox", opt=EDITOR, name="editing:inbox")
    async def inbox(
        self,
        request: Request[Any, Any, Any],
        tracker: TrackerDependency,
        language: PageLanguageDependency,
        cursor: Annotated[str | None, QueryParameter(description="The next page of candidates")] = None,
    ) -> Template:
        """What scrapers found and a person must confirm, oldest first, each with an accept and a reject form."""
        return await _inbox_page(request, tracker, cursor=cursor, language=language)

    @post("/inbox/{candidate_id:int}/accept", opt=EDITOR, name="editing:accept")
    async def accept(
        self, request: Request[Any, Any, Any], tracker: TrackerDependency, writer: Writer, candidate_id: CandidateId
    ) -> Template | Redirect:
        """Turn a candidate into an action with the editor's corrections, as ``POST /api/v1/inbox/{id}/accept`` does."""
        candidate = await tracker.inbox.get(candidate_id)
        form = Form(await request.form())
        form.require("kind")
        fields = action_fields(form)
        links = []
        for row, (linked, effect) in enumerate(zip(form.all("links.item"), form.all("links.effect"), strict=False)):
            if linked.strip() and effect:
                links.append({"item": linked.strip(), "effect": effect})
            elif linked.strip() and row >= len(candidate.matches):
                form.add("links", N_("Choose what the action does for the item you added."))
        fields["links"] = links
        if form.ok:
            check(Acceptance, fields, form)
        if form.ok:
            try:
                _, action = await tracker.inbox.accept(candidate_id, fields, by=writer)
            except (InvalidInput, NotFound) as exc:
                form.error_of(exc.field, exc.message if isinstance(exc, InvalidInput) else str(exc))
            else:
                href = _item_href(action.links[0].item, action.id) if action.links else None
                if action.verification is Verification.VERIFIED:
                    _confirm(
                        request, N_("Accepted: the action is recorded, verified by the official register it came from."), href
                    )
                else:
                    _confirm(request, N_("Accepted: the action is recorded, unverified until another editor verifies it."), href)
                return Redirect(path="/inbox", status_code=303)
        return await _inbox_page(request, tracker, forms={candidate.id: {"accept": form}}, status_code=400, keep=candidate)

    @post("/inbox/{candidate_id:int}/reject", opt=EDITOR, name="editing:reject")
    async def reject(
        self, request: Request[Any, Any, Any], tracker: TrackerDependency, writer: Writer, candidate_id: CandidateId
    ) -> Template | Redirect:
        """Set a candidate aside with the reason, as ``POST /api/v1/inbox/{id}/reject`` does."""
        candidate = await tracker.inbox.get(candidate_id)
        form = Form(await request.form())
        form.require("reason")
        fields = {"reason": form.text("reason") or ""}
        if form.ok:
            check(Rejection, fields, form)
        if form.ok:
            await tracker.inbox.reject(candidate_id, fields["reason"], by=writer)
            _confirm(request, N_("Rejected, with your reason; the candidate is not proposed again."))
            return Redirect(path="/inbox", status_code=303)
        return await _inbox_page(request, tracker, forms={candidate.id: {"reject": form}}, status_code=400, keep=candidate)


def _record_page(request: Request[Any, Any, Any], item: Item, what: str, form: Form, status_code: int) -> Template:
    """The form again after a refusal, with what was typed and each error beside its field."""
    context = {"title": item.label, "item": item, "what": what, "form": form, **editing_context(request)}
    return fallback_language(request).page("record.html", context, status_code)


async def _inbox_page(
    request: Request[Any, Any, Any],
    t: tracker.Tracker,
    *,
    cursor: str | None = None,
    forms: dict[int, dict[str, Form]] | None = None,
    status_code: int = 200,
    keep: Candidate | None = None,
    language: PageLanguage | None = None,
) -> Template:
    page = await t.inbox.list(limit=CANDIDATES_PER_PAGE, cursor=cursor)
    candidates = list(page.items)
    if keep is not None and keep.id not in {c.id for c in candidates}:
        candidates.insert(0, keep)
    labels = await t.items.labels({match.item for c in candidates for match in c.matches})
    forms = forms or {}
    prepared = [
        (c, forms.get(c.id, {}).get("accept") or _accept_defaults(c), forms.get(c.id, {}).get("reject") or Form())
        for c in candidates
    ]
    context = {
        "title": N_("Inbox").text,
        "candidates": prepared,
        "total": page.total,
        "labels": labels,
        "next_url": f"/inbox?cursor={quote(page.next_cursor)}" if page.next_cursor else None,
        **editing_context(request),
    }
    return (language or fallback_language(request)).page("inbox.html", context, status_code)


def _accept_defaults(candidate: Candidate) -> Form:
    """The accept form as the candidate fills it: the kind it proposes, its title, its date, the items it may concern."""
    return Form(
        {
            "kind": candidate.kind.value if candidate.kind else "",
            "title": candidate.title,
            "date": candidate.published_on.isoformat() if candidate.published_on else "",
            "links.item": [match.item for match in candidate.matches],
        }
    )
