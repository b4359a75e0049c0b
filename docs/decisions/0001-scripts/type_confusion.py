"""Shows that durable_rules compares a string with a number without complaint.

Run (in a separate venv, never in the project's): pip install durable_rules; python type_confusion.py
A rule `age >= 18` fires for the fact {"age": "abc"}.
"""
from durable.lang import assert_fact, m, ruleset, when_all

fired = []

with ruleset("typecheck"):
    @when_all(m.age >= 18)
    def adult(c):
        fired.append(c.m.age)

assert_fact("typecheck", {"age": "abc"})
print(f"rule 'age >= 18' fired for age='abc': {bool(fired)} ({fired})")
