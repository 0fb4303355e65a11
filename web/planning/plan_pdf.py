"""A region plan version as PDF: the cover, the progress against targets, and per field of
action the needs found, goals, measures and milestones, laid out with the social report's
document (lisko/planning/report.py: its fonts, Arabic shaped and set right to left, its
tables with hidden cells as "fewer than N", "Page X of Y")."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from lisko.planning.report import GREY, _Document, _table
from lisko.planning.scope import PlanningScope
from lisko.planning.tables import Column, Measure, RawTable, Table, publish
from lisko.regionplans import selectors
from lisko.regionplans.models import PlanMeeting, RegionPlan, RegionPlanVersion
from web.planning import plan_presenters


def _labels(
    key: str, title: str, heading: str, headings: list[str], rows: list[list[str]]
) -> Table:
    """Plain words as a table (no counts of persons in it), through the one door all tables
    take."""
    columns = [Column(f"c{index}", label, Measure.LABEL) for index, label in enumerate(headings)]
    return publish(
        RawTable(
            key=key,
            title=title,
            row_heading=heading,
            columns=columns,
            rows=[(str(number), row[0]) for number, row in enumerate(rows)],
            values={
                (str(number), f"c{index}"): text
                for number, row in enumerate(rows)
                for index, text in enumerate(row[1:])
            },
            totals=False,
        )
    )


def plan_pdf(
    *,
    plan: RegionPlan,
    version: RegionPlanVersion,
    scope: PlanningScope,
    fields_of_action: list[tuple[str, str]],
    language: str,
) -> bytes:
    """The version as a PDF in `language`; live values over the scope's period."""
    from lisko.planning.selectors import municipality_rows

    with translation.override(language):
        goals = list(version.goals.all())
        measures = list(version.measures.all())
        sections = plan_presenters.show_fields(
            snapshots=list(version.snapshots.all()),
            goals=goals,
            measures=measures,
            milestones=list(version.milestones.all()),
            statuses=selectors.goal_statuses(goals, scope),
            fields_of_action=fields_of_action,
            municipalities=dict(municipality_rows(scope)),
            region=plan.region.name,
            live_url=lambda key: "",
        )
        document = _Document(right_to_left=get_language_bidi())
        document.add_page()
        document.set_y(60)
        document.text_block(plan.title, size=22, bold=True, after=5)
        document.text_block(plan.region.name, size=16, after=3)
        document.text_block(
            _("{start} to {end}").format(start=plan.start_year, end=plan.end_year),
            size=13,
            after=3,
        )
        document.text_block(
            _("Version {number} of {date}").format(
                number=version.number,
                date=date_format(timezone.localtime(version.created_at).date(), "DATE_FORMAT"),
            ),
            size=11,
            colour=GREY,
        )
        if version.note:
            document.text_block(version.note, size=10, colour=GREY)
        document.text_block(
            _("Live figures: {start} to {end}").format(
                start=date_format(scope.period.start, "DATE_FORMAT"),
                end=date_format(scope.period.end, "DATE_FORMAT"),
            ),
            size=10,
            colour=GREY,
            after=6,
        )
        overview = [goal for section in sections for goal in section.goals]
        if overview:
            document.heading(_("Progress against targets"), size=14, level=0)
            _table(
                document,
                _labels(
                    "progress",
                    _("Progress against targets"),
                    _("Goal"),
                    [_("Indicator"), _("Baseline"), _("Current"), _("Target"), _("Progress")],
                    [
                        [
                            goal.goal.text,
                            goal.indicator,
                            goal.baseline,
                            goal.current,
                            goal.target,
                            goal.progress_text or "–",
                        ]
                        for goal in overview
                    ],
                ),
            )
        budgets = plan_presenters.budget_totals(measures)
        if budgets:
            document.text_block(
                _("Budget of the measures: {amounts}").format(amounts=", ".join(budgets)),
                size=10,
                after=4,
            )
        _meetings(document, selectors.meetings_with_results(plan))
        for section in sections:
            if section.empty:
                continue
            document.add_page()
            document.heading(section.name, size=16, level=0)
            if section.snapshot is not None:
                snapshot = section.snapshot.snapshot
                document.heading(_("Needs found"), size=12)
                document.text_block(
                    _("Figures of {start} to {end}, recorded on {date}.").format(
                        start=date_format(snapshot.period_start, "DATE_FORMAT"),
                        end=date_format(snapshot.period_end, "DATE_FORMAT"),
                        date=date_format(
                            timezone.localtime(snapshot.taken_at).date(), "DATE_FORMAT"
                        ),
                    ),
                    size=9,
                    colour=GREY,
                )
                from lisko.regionplans.snapshots import tables_of

                for table in tables_of(snapshot.tables, language):
                    document.text_block(table.title, size=10, bold=True, after=1)
                    _table(document, table)
            for goal in section.goals:
                document.text_block(goal.goal.text, size=11, bold=True, after=1)
                document.text_block(
                    _("{indicator}: baseline {baseline}, now {current}, target {target}").format(
                        indicator=goal.indicator,
                        baseline=goal.baseline,
                        current=goal.current,
                        target=goal.target,
                    ),
                    size=9.5,
                    indent=4,
                    after=3,
                )
            if section.measures:
                document.heading(_("Measures"), size=12)
                for shown in section.measures:
                    measure = shown.measure
                    document.text_block(measure.title, size=10.5, bold=True, after=1)
                    lines = [
                        _("Responsible: {organisation}").format(
                            organisation=measure.responsible_organisation.name
                        ),
                        _("Status: {status}").format(status=measure.get_status_display()),
                        _("Budget: {budget}").format(budget=shown.budget),
                    ]
                    if shown.partners:
                        lines.append(_("Partners: {partners}").format(partners=shown.partners))
                    if measure.funding_source:
                        lines.append(_("Funding: {source}").format(source=measure.funding_source))
                    for line in lines:
                        document.text_block(line, size=9.5, indent=4, after=0.5)
                    document.ln(2)
            if section.milestones:
                document.heading(_("Milestones"), size=12)
                for shown_milestone in section.milestones:
                    milestone = shown_milestone.milestone
                    due = date_format(milestone.due_on, "DATE_FORMAT")
                    if milestone.done_at:
                        text = _("{title}: due {due}, done").format(title=milestone.title, due=due)
                    else:
                        text = _("{title}: due {due}").format(title=milestone.title, due=due)
                    if shown_milestone.responsible:
                        text = _("{milestone} ({person})").format(
                            milestone=text, person=shown_milestone.responsible
                        )
                    document.text_block(text, size=9.5, after=1)
        document.number_pages()
        return bytes(document.output())


def _meetings(document: _Document, meetings: list[PlanMeeting]) -> None:
    """The conferences and steering-group meetings, briefly: when, where, who, and each result
    with the measures it created or changed."""
    if not meetings:
        return
    document.heading(_("Conferences and steering-group meetings"), size=14, level=0)
    for meeting in meetings:
        document.text_block(plan_presenters.meeting_name(meeting), size=10.5, bold=True, after=1)
        details = [meeting.place]
        participants = plan_presenters.participants_text(meeting)
        if participants:
            details.append(participants)
        document.text_block(" · ".join(details), size=9.5, indent=4, after=0.5)
        for result in meeting.results.all():
            measures = [
                _("{kind}: {measure}").format(
                    kind=link.get_kind_display(),
                    measure=" ".join(
                        part
                        for part in (link.measure.title, plan_presenters.change_text(link))
                        if part
                    ),
                )
                for link in result.links.all()
            ]
            text = result.text
            if measures:
                text = _("{result} ({measures})").format(
                    result=result.text, measures="; ".join(measures)
                )
            document.text_block(text, size=9.5, indent=8, after=0.5)
        document.ln(2)
