package dev.camroll.privacy.internal;

/** The purge on the filesystem object store (the embedded default). */
class FilesystemPurgeTests extends PurgeContract {}
