-- Rejected manifest lines are answered but no longer kept: a client that sends junk leaves one batch row, not a
-- row per line. The batch keeps only how many of its lines were rejected (their problems were in the answer).
ALTER TABLE batches ADD COLUMN rejected_lines integer NOT NULL DEFAULT 0 CHECK (rejected_lines >= 0);

UPDATE batches b SET rejected_lines = r.n
FROM (SELECT batch_id, count(*) AS n FROM batch_items WHERE disposition = 'rejected' GROUP BY batch_id) r
WHERE r.batch_id = b.batch_id;

DELETE FROM batch_items WHERE disposition = 'rejected';

ALTER TABLE batch_items DROP CONSTRAINT batch_items_disposition_check;
ALTER TABLE batch_items ADD CONSTRAINT batch_items_disposition_check CHECK (disposition IN ('upload', 'duplicate'));


-- Only rejected lines had a problem.
ALTER TABLE batch_items DROP COLUMN problem_type, DROP COLUMN problem_detail;
