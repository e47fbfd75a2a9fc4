-- A manifest line whose content an open upload of the user already brings (announced by an earlier line, from any
-- device) is answered with that upload, no longer 'duplicate': 'duplicate' means stored. batch_items.upload_id
-- then names an upload of another line, and each line's status follows its upload. Batch settlement finds the
-- lines waiting for an upload or its media by these indexes (after every analysis and every ended upload).
CREATE INDEX batch_items_by_upload ON batch_items (upload_id) WHERE upload_id IS NOT NULL;
CREATE INDEX batch_items_by_media ON batch_items (media_id) WHERE upload_id IS NOT NULL;

-- Lines answered 'duplicate' before this change for content an open upload was still bringing follow that upload
-- from now on, so their batch is not complete before the content is stored, and shows it if the upload ends
-- without the file. Their answer (disposition) stays what the app was told.
UPDATE batch_items i SET upload_id = u.upload_id
FROM uploads u
WHERE i.disposition = 'duplicate' AND i.upload_id IS NULL AND u.media_id = i.media_id AND u.state = 'open'
    AND NOT EXISTS (SELECT 1 FROM media m WHERE m.media_id = i.media_id);
