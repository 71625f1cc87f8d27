"""budget: a keyboard-first terminal budget, loan and emergency-fund tracker."""

__version__ = "0.1.0"
