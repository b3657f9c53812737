"""Suggestions in the window: shown in the text and in a list, visited, accepted and
rejected from the keyboard, and "label every occurrence"."""
