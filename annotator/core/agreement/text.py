"""The agreement report as a readable table (what ``annotator agreement`` prints)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotator.core.agreement.report import AgreementReport

_OVERALL = (
    ("char_alpha", "char α"),
    ("char_fleiss", "char Fleiss"),
    ("char_alpha_u", "char α_u"),
    ("token_alpha", "token α"),
    ("token_fleiss", "token Fleiss"),
)
_PAIR = (
    ("char_kappa", "char κ"),
    ("char_alpha", "char α"),
    ("char_alpha_u", "char α_u"),
    ("token_kappa", "token κ"),
    ("span_f1_exact", "F1 exact"),
    ("span_f1_overlap", "F1 overlap"),
)


def report_text(report: AgreementReport) -> str:
    """Overall figures, then each pair, each with one row per label; notes at the end."""
    data = report.as_json()
    lines = [
        f"Agreement of {', '.join(data['annotators'])}: {report.choices.get('documents', '')}",
        f"Characters: {data['characters']:,}    Tokens: {data['tokens']:,}",
        "",
    ]
    notes: dict[str, str] = {}
    lines += _table("All annotators", _OVERALL, [("all labels", data)], data, notes, "")
    for pair in data["pairs"]:
        where = f"{pair['a']} / {pair['b']}"
        title = (
            f"{where}: {pair['documents']:,} document(s), spans {pair['spans_a']:,} / "
            f"{pair['spans_b']:,}, matched exactly {pair['matched_exact']:,}, "
            f"by overlap {pair['matched_overlap']:,}"
        )
        lines += ["", *_table(title, _PAIR, [("all labels", pair)], pair, notes, where)]
    if notes:
        lines += ["", "Not available (-):"]
        lines += [f"  {where}: {reason}" for where, reason in notes.items()]
    lines += ["", "Rules:"]
    lines += [f"  {name}: {rule}" for name, rule in report.choices.items()]
    return "\n".join(lines)


def _table(
    title: str,
    columns: Sequence[tuple[str, str]],
    rows: list[tuple[str, dict[str, Any]]],
    owner: dict[str, Any],
    notes: dict[str, str],
    where: str,
) -> list[str]:
    rows = rows + list(owner["per_label"].items())
    width = max(len(name) for name, _figures in rows) + 2
    header = "".join(label.rjust(max(len(label), 6) + 2) for _key, label in columns)
    out = [title, " " * width + header]
    for name, figures in rows:
        cells = []
        for key, label in columns:
            value = figures[key]
            cells.append(("-" if value is None else f"{value:.3f}").rjust(max(len(label), 6) + 2))
            if value is None:
                place = " ".join(filter(None, [where, "" if name == "all labels" else name]))
                notes[f"{place or 'all annotators'} {key}"] = figures["notes"][key]
        out.append(f"  {name}".ljust(width) + "".join(cells))
    return out
