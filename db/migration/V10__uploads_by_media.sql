-- Batch settlement (after every analysis) and the manifest's "still arriving" check look uploads up by media;
-- without this index each of them scanned all of the user's upload history.
CREATE INDEX uploads_by_media ON uploads (media_id);
