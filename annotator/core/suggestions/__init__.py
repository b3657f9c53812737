"""Suggestions: ranges a recommender proposes to label, which the annotator accepts or rejects.

Qt-free. :mod:`.base` holds the interface every recommender implements and the records that
go with a suggestion (its origin, once accepted); the recommenders themselves live in their
own modules.
"""
