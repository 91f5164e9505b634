-- Working calendars stored per unit (issue 3): filled by the calendar work.
SELECT 1;
