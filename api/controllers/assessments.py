"""``/api/v1/assessments``: one assessment, and confirming one another editor recorded."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.params import PathParameter

from tracker.domain.entities import Assessment
from tracker.domain.enums import Role
from tracker_api.etags import conditional, with_etag
from tracker_api.plugin import TrackerDependency, Writer
from tracker_api.responses import BAD_REQUEST, NEEDS_KEY, NOT_FOUND, WRITE_PROBLEMS, problem_spec

AssessmentId = Annotated[str, PathParameter(description="Assessment id, e.g. asm-1a2b3c4d5e")]


class AssessmentController(Controller):
    path = "/assessments"
    tags = ["assessments"]

    @get("/{assessment_id:str}", operation_id="getAssessment", responses={400: BAD_REQUEST, 404: NOT_FOUND})
    async def get_assessment(
        self, request: Request[Any, Any, Any], tracker: TrackerDependency, assessment_id: AssessmentId
    ) -> Response[Assessment]:
        """One assessment: who judged which item, when, on which scale, whether it is verified and by whom."""
        return conditional(request, await tracker.assessments.get(assessment_id))

    @post(
        "/{assessment_id:str}/verify",
        operation_id="verifyAssessment",
        opt={"role": Role.EDITOR},
        security=NEEDS_KEY,
        status_code=200,
        responses={
            **WRITE_PROBLEMS,
            403: problem_spec("The key's role does not allow this, or the key recorded the assessment itself"),
            409: problem_spec("The assessment is verified already"),
        },
    )
    async def verify_assessment(
        self, tracker: TrackerDependency, writer: Writer, assessment_id: AssessmentId
    ) -> Response[Assessment]:
        """Confirm an assessment another editor recorded (editor key): from now on it counts toward
        the item's status, which is re-derived in the same transaction.

        The key that recorded it cannot verify it (403); one verified already answers 409.
        """
        return with_etag(await tracker.assessments.verify(assessment_id, by=writer))
