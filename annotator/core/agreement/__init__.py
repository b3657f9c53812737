"""Agreement between annotators' layers: pure Python, no Qt, no SQL, no third-party packages.

Feed :func:`compute_agreement` the compared annotators, the label set and the documents (each
with the layers of the annotators taking part); it reads each document once and returns an
:class:`AgreementReport`, whose :meth:`~AgreementReport.as_json` is what ``annotator agreement
--json`` prints. The rules the figures follow are in :data:`CHOICES`.
"""

from annotator.core.agreement.coefficients import Estimate
from annotator.core.agreement.report import (
    CHOICES,
    AgreementReport,
    Breakdown,
    Figures,
    compute_agreement,
)
from annotator.core.agreement.tally import DocumentLayers

__all__ = [
    "CHOICES",
    "AgreementReport",
    "Breakdown",
    "DocumentLayers",
    "Estimate",
    "Figures",
    "compute_agreement",
]
