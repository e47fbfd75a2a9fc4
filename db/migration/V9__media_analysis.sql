-- What the analysis learns of each media. Positions are kept only while location_analysis is given (the
-- analysis drops them otherwise); capture times are kept as the camera's wall clock plus its offset when known,
-- because moments and themes work on local time.
ALTER TABLE media
    ADD COLUMN captured_at_local timestamp,
    ADD COLUMN captured_offset   varchar(6),
    ADD COLUMN width             integer,
    ADD COLUMN height            integer,
    ADD COLUMN camera_make       varchar(100),
    ADD COLUMN camera_model      varchar(100),
    ADD COLUMN latitude          double precision CHECK (latitude BETWEEN -90 AND 90),
    ADD COLUMN longitude         double precision CHECK (longitude BETWEEN -180 AND 180),
    ADD COLUMN duration_seconds  double precision,
    ADD COLUMN has_preview       boolean NOT NULL DEFAULT false,
    ADD COLUMN difference_hash   bigint,
    ADD COLUMN sharpness         double precision,
    ADD COLUMN brightness        double precision,
    ADD COLUMN colourfulness     double precision,
    ADD COLUMN warmth            double precision,
    ADD COLUMN original_kept     boolean NOT NULL DEFAULT true,
    ADD COLUMN analyzed_at       timestamptz;
