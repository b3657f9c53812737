"""Shared pieces every feature may use: the questions the window asks (replaceable
in tests), each window's message bridge (status messages and problems), long work off the
GUI thread, moving between a field and its list by keyboard, and the flat table model base.
It may import ``actions`` (a dialog's own keys are declared there), and no other ui package.
"""
