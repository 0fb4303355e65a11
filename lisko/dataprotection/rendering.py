"""The readable PDF of a subject access export, in the language chosen for the client.

Rendered with fpdf2 (pure Python) in the fonts of `lisko.core.pdf_fonts` (Noto, else DejaVu),
Arabic script shaped and ordered right to left by HarfBuzz (uharfbuzz). The JSON file is always
complete.
"""

import datetime as dt
import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import get_language_bidi, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from fpdf import FPDF

from lisko.core import pdf_fonts

# fontTools logs every glyph subset at INFO: one export would fill the worker's log.
logging.getLogger("fontTools").setLevel(logging.WARNING)

# Hebrew, Arabic, Syriac, Thaana, N'Ko and the Arabic presentation forms: joined and set right
# to left by HarfBuzz.
NEEDS_SHAPING: Final = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
# A moment as the JSON file has it (ISO 8601, UTC); the PDF shows it in local time, without the
# "T" that would split it in a right-to-left line.
ISO_MOMENT: Final = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
# Lists shown one row a line (when, who, what), not one line a field: the access log and the
# histories are long.
ROW_LISTS: Final = frozenset({"access_log", "events"})


# One heading per section of gathering.SECTIONS.
HEADINGS: Final[dict[str, Promise]] = {
    "profile": gettext_lazy("Personal details"),
    "household": gettext_lazy("Household"),
    "languages": gettext_lazy("Languages"),
    "consents": gettext_lazy("Consents"),
    "plan": gettext_lazy("Empowerment plan"),
    "appointments": gettext_lazy("Appointments"),
    "referrals": gettext_lazy("Referrals"),
    "welcome": gettext_lazy("Welcome conversation"),
    "messages": gettext_lazy("Messages to the client"),
    "notes": gettext_lazy("Notes"),
    "access_log": gettext_lazy("Who read the record, and when"),
}

# A label for every key of the gathered record; a key without one is shown as it is.
LABELS: Final[dict[str, Promise]] = {
    "reference": gettext_lazy("Reference"),
    "first_name": gettext_lazy("First name"),
    "last_name": gettext_lazy("Last name"),
    "birth_date": gettext_lazy("Birth date"),
    "gender": gettext_lazy("Gender"),
    "country_of_origin": gettext_lazy("Country of origin"),
    "municipality": gettext_lazy("Municipality"),
    "arrival_date": gettext_lazy("Arrival date"),
    "residence_status": gettext_lazy("Residence status"),
    "preferred_language": gettext_lazy("Preferred language"),
    "phone": gettext_lazy("Phone"),
    "responsible_social_worker": gettext_lazy("Responsible social worker"),
    "shared_with": gettext_lazy("Shared with"),
    "open_case": gettext_lazy("Open case"),
    "created_at": gettext_lazy("Created"),
    "closed_at": gettext_lazy("Closed"),
    "relation": gettext_lazy("Relation"),
    "language": gettext_lazy("Language"),
    "code": gettext_lazy("Code"),
    "proficiency": gettext_lazy("Proficiency (1–5)"),
    "preferred": gettext_lazy("Preferred"),
    "purpose": gettext_lazy("Purpose"),
    "association": gettext_lazy("Association"),
    "details_shared": gettext_lazy("Details shared"),
    "given_at": gettext_lazy("Given"),
    "recorded_by": gettext_lazy("Recorded by"),
    "withdrawn_at": gettext_lazy("Withdrawn"),
    "withdrawn_by": gettext_lazy("Withdrawn by"),
    "expires_at": gettext_lazy("Expires"),
    "created_by": gettext_lazy("Created by"),
    "goals": gettext_lazy("Goals"),
    "field_of_action": gettext_lazy("Field of action"),
    "wording": gettext_lazy("Goal"),
    "status": gettext_lazy("Status"),
    "independence_at_intake": gettext_lazy("Independence at intake (1–5)"),
    "reviews": gettext_lazy("Reviews"),
    "reviewed_on": gettext_lazy("Reviewed on"),
    "independence": gettext_lazy("Independence (1–5)"),
    "note": gettext_lazy("Note"),
    "reviewed_by": gettext_lazy("Reviewed by"),
    "milestones": gettext_lazy("Milestones"),
    "title": gettext_lazy("Title"),
    "due_date": gettext_lazy("Due date"),
    "responsible": gettext_lazy("Responsible"),
    "done_at": gettext_lazy("Done"),
    "kind": gettext_lazy("Kind"),
    "start": gettext_lazy("Start"),
    "end": gettext_lazy("End"),
    "modality": gettext_lazy("Modality"),
    "address": gettext_lazy("Address"),
    "remote_link": gettext_lazy("Call link"),
    "booked_by": gettext_lazy("Booked by"),
    "notes_for_interpreter": gettext_lazy("Notes for the interpreter"),
    "cancellation_reason": gettext_lazy("Reason for cancelling"),
    "assignments": gettext_lazy("Interpreters"),
    "interpreter": gettext_lazy("Interpreter"),
    "state": gettext_lazy("State"),
    "offered_at": gettext_lazy("Offered"),
    "answered_at": gettext_lazy("Answered"),
    "events": gettext_lazy("History"),
    "at": gettext_lazy("When"),
    "from": gettext_lazy("From"),
    "to": gettext_lazy("To"),
    "by": gettext_lazy("By"),
    "offer": gettext_lazy("Offer"),
    "goal": gettext_lazy("Goal"),
    "note_to_the_association": gettext_lazy("Note to the association"),
    "reason_for_declining": gettext_lazy("Reason for declining"),
    "outcome": gettext_lazy("Outcome"),
    "sent_by": gettext_lazy("Sent by"),
    "sent_at": gettext_lazy("Sent"),
    "text": gettext_lazy("Text"),
    "channel": gettext_lazy("Channel"),
    "who": gettext_lazy("Who"),
    "action": gettext_lazy("Action"),
    "why": gettext_lazy("Why"),
    "programme": gettext_lazy("Welcome programme"),
    "household_size": gettext_lazy("People in the household"),
    "email": gettext_lazy("E-mail address"),
    "invited_at": gettext_lazy("Invited"),
    "invited_via": gettext_lazy("Invitation sent by"),
    "held_on": gettext_lazy("Conversation held on"),
    "topics": gettext_lazy("Topics covered"),
    "follow_ups": gettext_lazy("Follow-ups"),
}


class _Document(FPDF):
    """An A4 page with the export's fonts; Arabic script shaped and set right to left."""

    def __init__(self, *, right_to_left: bool) -> None:
        super().__init__(format="A4")
        self.right_to_left = right_to_left
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(15, 15, 15)
        family = pdf_fonts.add_fonts(self)
        self.unicode = family is not None
        self.family_name = family or "helvetica"
        self.align = "R" if right_to_left else "L"

    def line_of_text(
        self, text: str, *, size: float = 10, bold: bool = False, indent: float = 0
    ) -> None:
        # fpdf2 2.8 leaves the fallback font current after a line that needed it, and set_font
        # skips a call for the family it believes current: choosing another family first makes
        # the next line start from the intended font again.
        self.set_font("helvetica")
        self.set_font(self.family_name, style="B" if bold else "", size=size)
        # Shaping costs a few milliseconds a line; only right-to-left scripts need it.
        if self.unicode:
            self.set_text_shaping(use_shaping_engine=bool(NEEDS_SHAPING.search(text)))
        if not self.unicode:
            text = text.encode("latin-1", "replace").decode("latin-1")
        width = self.epw - indent
        if self.right_to_left:
            self.set_x(self.l_margin)
        else:
            self.set_x(self.l_margin + indent)
        self.multi_cell(width, size * 0.55, text, align=self.align, new_x="LMARGIN", new_y="NEXT")


def _label(key: str) -> str:
    return str(LABELS.get(key, key))


def _value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "—"
    if isinstance(value, str) and ISO_MOMENT.match(value):
        moment = dt.datetime.fromisoformat(value)
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%Y-%m-%d %H:%M")
    return str(value)


def _write(document: _Document, value: Any, *, indent: float) -> None:
    """Write one section's value: a mapping as label–value lines, a list as numbered blocks."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key in ROW_LISTS and item:
                document.line_of_text(_label(key), bold=True, indent=indent)
                _write_rows(document, item, indent=indent + 5)
            elif isinstance(item, list) and item and isinstance(item[0], Mapping):
                document.line_of_text(_label(key), bold=True, indent=indent)
                _write(document, item, indent=indent + 5)
            else:
                document.line_of_text(
                    _("{label}: {value}").format(label=_label(key), value=_value(item)),
                    indent=indent,
                )
    elif isinstance(value, list):
        if not value:
            document.line_of_text(_("Nothing recorded."), indent=indent)
        for number, item in enumerate(value, start=1):
            document.line_of_text(f"{number}.", bold=True, indent=indent)
            _write(document, item, indent=indent + 5)
    elif value is None:
        document.line_of_text(_("Nothing recorded."), indent=indent)
    else:
        document.line_of_text(_value(value), indent=indent)


def _write_rows(document: _Document, rows: list[Mapping[str, Any]], *, indent: float) -> None:
    """A list of like records, a line of column names, then one line per record."""
    separator = " · "
    document.line_of_text(separator.join(_label(key) for key in rows[0]), indent=indent)
    for row in rows:
        document.line_of_text(separator.join(_value(item) for item in row.values()), indent=indent)


def render_pdf(*, record: Mapping[str, Any], language: str, sections: tuple[str, ...]) -> bytes:
    """The record as a readable PDF in `language` (a code of settings.LANGUAGES)."""
    with translation.override(language):
        document = _Document(right_to_left=get_language_bidi())
        document.add_page()
        document.line_of_text(
            _("Your data at {organisation}").format(organisation=record["organisation"]),
            size=16,
            bold=True,
        )
        document.line_of_text(
            _(
                "This is everything {organisation} keeps about you in Lisko, and who read it. "
                "A machine-readable copy comes with it as a JSON file."
            ).format(organisation=record["organisation"]),
        )
        for section in sections:
            document.ln(3)
            document.line_of_text(str(HEADINGS[section]), size=13, bold=True)
            if section in ROW_LISTS and record[section]:
                _write_rows(document, record[section], indent=0)
            else:
                _write(document, record[section], indent=0)
        return bytes(document.output())


def render_processing_record_pdf(
    *, organisation: str, rows: Iterable[Any], as_of: dt.date
) -> bytes:
    """An organisation's record of processing (lisko.dataprotection.selectors.ProcessingPurpose
    rows) as a PDF in the current language, with the same sentences as its page."""
    document = _Document(right_to_left=get_language_bidi())
    document.add_page()
    document.line_of_text(_("Record of processing"), size=16, bold=True)
    document.line_of_text(
        f"{organisation} · " + _("as of %(date)s") % {"date": date_format(as_of, "DATE_FORMAT")}
    )
    for row in rows:
        document.ln(3)
        document.line_of_text(row.label, size=13, bold=True)
        recipients = row.recipients
        if row.purpose == "data_processing":
            recipients += " " + (
                _(
                    "A sharing agreement is in force: the region's planners receive counts, "
                    "never a person's data."
                )
                if row.planners_receive
                else _("No sharing agreement is in force: nothing reaches planners.")
            )
        retention = ngettext(
            "Closed cases are kept for %(months)s month, then anonymised.",
            "Closed cases are kept for %(months)s months, then anonymised.",
            row.retention_months,
        ) % {"months": row.retention_months}
        renewal = (
            ngettext(
                "The consent must be renewed after %(months)s month; past that it counts as no "
                "consent.",
                "The consent must be renewed after %(months)s months; past that it counts as no "
                "consent.",
                row.renewal_months,
            )
            % {"months": row.renewal_months}
            if row.renewal_months
            else _("The consent stands until the client withdraws it.")
        )
        facts = [
            (_("What it means"), row.meaning),
            (_("Data it covers"), row.data),
            (_("Who receives the data"), recipients),
            (_("Legal basis"), row.legal_basis),
            (_("Retention"), retention),
            (_("Renewal"), renewal),
        ]
        if row.note:
            facts.append((_("Note of the organisation"), row.note))
        for label, text in facts:
            document.line_of_text(label, bold=True)
            document.line_of_text(text, indent=5)
    return bytes(document.output())
