-- Desk queue: services, counters, tickets, ratings (issue 6): filled by the queue work.
SELECT 1;
