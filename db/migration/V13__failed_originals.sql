-- The hourly drop-failed-originals sweep looks for failed media that still have their original. Partial, so it holds
-- only those few (failed ones within camroll.media.failed-original-retention, and those kept by original_retention),
-- not the whole media table.
CREATE INDEX media_failed_with_original ON media (media_id) WHERE state = 'failed' AND original_kept;
