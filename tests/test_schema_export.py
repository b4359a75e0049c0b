import json

from conftest import REPO
from standards_engine.schema_export import standard_json_schema


def test_committed_json_schema_is_up_to_date():
    committed = json.loads((REPO / "schemas" / "standard.schema.json").read_text("utf-8"))
    assert committed == json.loads(json.dumps(standard_json_schema())), \
        "run: standards schema -o schemas/standard.schema.json"
