"""Property-based conformance: schemathesis generates requests from the served OpenAPI
document (valid and invalid data) and checks every response against it.

At least 1,000 cases run in total; any 5xx, undocumented status, wrong content type or
response that violates its schema fails the test. (`positive_data_acceptance` is not used:
schema-valid requests may still be refused by business rules, e.g. an unknown persona name
is a 422 and an unknown persona path a 404, both documented.)
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable

from ion_mentoring.server import create_app
from ion_mentoring.settings import Settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        negative_data_rejection,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )


def invalid_data_rejected(ctx: Any, response: Any, case: Any) -> bool | None:
    """`negative_data_rejection`, also accepting 413: an oversized body is rejected by size
    before its content is read (the limit is in the document's description)."""
    if response.status_code == 413:
        return None
    result: bool | None = negative_data_rejection(ctx, response, case)
    return result


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    invalid_data_rejected,
]
EXAMPLES = {schemathesis.GenerationMode.POSITIVE: 100, schemathesis.GenerationMode.NEGATIVE: 50}
MIN_CASES = 1000
ADMIN = {"X-API-Key": "fuzz-admin-key"}


@pytest.mark.slow
def test_generated_requests_conform_to_the_document(tmp_path: Path) -> None:
    app = create_app(
        Settings(
            database_url=f"sqlite:///{tmp_path / 'fuzz.db'}",
            cache_url="memory://",
            admin_keys=("fuzz-admin-key",),
            rate_limit="1000000/minute",
            instance_name="fuzz",
        )
    )
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    cases = 0
    statuses: dict[int, int] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14, [op.label for op in operations]

    for operation in operations:
        # admin routes get the admin key (without it they are all 401, which says little)
        headers = ADMIN if operation.path.startswith("/api/v2/cache/") else None
        for mode, examples in EXAMPLES.items():

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=examples,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
            )
            def run(case: Any) -> None:
                nonlocal cases
                response = case.call_and_validate(checks=CHECKS, headers=headers)  # noqa: B023
                cases += 1
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

            try:
                run()
            except Unsatisfiable:
                # nothing can be made invalid (no body; parameters, if any, are free strings)
                assert mode is schemathesis.GenerationMode.NEGATIVE
                assert not operation.body

    # Operations without inputs exhaust their (tiny) search space quickly; top up with the
    # input-taking operations until the total reaches MIN_CASES.
    busy = [op for op in operations if op.method.upper() == "POST"]
    while cases < MIN_CASES:
        for operation in busy:

            @given(case=operation.as_strategy(), seed=st.integers())
            @settings(
                max_examples=40,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def more(case: Any, seed: int) -> None:
                nonlocal cases
                response = case.call_and_validate(checks=CHECKS)
                cases += 1
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

            more()
    print(f"schemathesis: {cases} cases, statuses {dict(sorted(statuses.items()))}")
    assert cases >= MIN_CASES
    assert not any(status >= 500 for status in statuses), statuses
    assert statuses.get(200, 0) > 100, statuses
