# "E" is the month in the genitive ("2 грудня"), which Ukrainian needs after a day number; the
# year goes without "р." so that a sentence's full stop after a date is never doubled.
DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "l, j E Y, H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "D, j E, H:i"
MONTH_DAY_FORMAT = "j E"
YEAR_MONTH_FORMAT = "F Y"
TIME_FORMAT = "H:i"
