# Tigrinya: Django has no Tigrinya names of months and weekdays, so dates are written in
# numbers (day/month/year, 24-hour clock), which every reader of the phone app can read.
DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m, H:i"
MONTH_DAY_FORMAT = "d/m"
YEAR_MONTH_FORMAT = "m/Y"
TIME_FORMAT = "H:i"

# Money and counts grouped by thousands, in the Latin digits the pages use.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
