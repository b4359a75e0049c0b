"""standards-engine: Danish municipal quality standards as versioned, cited rules.

The engine recommends; the caseworker decides.
"""
from .api import check, decide, open_repository
from .errors import EngineError, InputError, Problem, StandardError
from .recommendation import Recommendation

__all__ = ["check", "decide", "open_repository", "EngineError", "InputError", "Problem", "StandardError", "Recommendation"]
__version__ = "0.1.0"
