"""Moving data in and out from the window: import and export (with their option
dialogs), merging annotators' files and sharing, off the GUI thread with a report. It may
import ``annotate``, ``labels``, ``text``, ``widgets`` and ``actions``, and no other feature
package.
"""
