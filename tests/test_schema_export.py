import json

import pytest

from conftest import REPO
from standards_engine.schema_export import KINDS, json_schema


@pytest.mark.parametrize("kind", KINDS)
def test_committed_json_schemas_are_up_to_date(kind):
    committed = json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text("utf-8"))
    assert committed == json.loads(json.dumps(json_schema(kind))), \
        f"run: standards schema --kind {kind} -o schemas/{kind}.schema.json"


def test_profile_schema_lists_every_input_fact_and_no_derived_one():
    from standards_engine.vocabulary import facts
    props = json_schema("profile")["properties"]
    for name, f in facts().items():
        assert (name in props) != f.derived, name
    assert "health_treatment" in props["requested_support_tasks"]["items"]["enum"]
    assert "personal_care" in props["requested_support_tasks"]["items"]["enum"]
    assert json_schema("profile")["additionalProperties"] is False


def test_cases_schema_gives_the_profile_the_vocabulary():
    s = json_schema("cases")
    assert s["$defs"]["Case"]["properties"]["profile"] == {"$ref": "#/$defs/Profile"}
    assert "excluded" in s["$defs"]["Expect"]["properties"]
