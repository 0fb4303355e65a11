"""Lisko's date and time formats per language (Django's FORMAT_MODULE_PATH), and in
`django_messages` the messages of Django's that Lisko translates itself.

Django's own formats mix conventions (English "Dec. 2, 2026, 4:30 p.m.", a 12-hour clock in
Arabic); Lisko's pages, notices and e-mails read these instead, so that staff pages, the phone and
the e-mails write a date alike. Every language uses the 24-hour clock, as the places Lisko serves
do. What Django's names mean here:

- DATE_FORMAT: a day in full, "2 December 2026".
- DATETIME_FORMAT: a moment in full, with the weekday, for headings and e-mails.
- SHORT_DATETIME_FORMAT: an appointment in a list, with the weekday and without the year.
- SHORT_DATE_FORMAT: a day in a dense table, digits only.
- MONTH_DAY_FORMAT, YEAR_MONTH_FORMAT, TIME_FORMAT: as in Django.
No format may end in a full stop: sentences put one after a date.
"""
