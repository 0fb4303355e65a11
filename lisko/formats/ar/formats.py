# The Arabic comma between date and time; the 24-hour clock as on the other languages' pages.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "l j F Y، H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "D j M، H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
TIME_FORMAT = "H:i"
# Numbers grouped by thousands with Django's Arabic separators (Django groups none).
NUMBER_GROUPING = 3
