-- Uncompressed out-of-line storage: the import job reads the file in slices (substr) without decompressing all of it each time.
ALTER TABLE "job_files" ALTER COLUMN "content" SET STORAGE EXTERNAL;