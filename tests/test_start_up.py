"""What `standards check` does to start fast must not change what it refuses or finds (issue 8's cold start)."""
from __future__ import annotations

import re


def test_the_printable_check_refuses_exactly_what_yaml_does_not_allow():
    from standards_engine.yamlio import _NOT_PRINTABLE
    # YAML 1.2's printable set, as the complement the pattern replaced
    allowed = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    differ = [hex(c) for c in range(0x110000) if bool(allowed.match(chr(c))) != bool(_NOT_PRINTABLE.match(chr(c)))]
    assert differ == []
