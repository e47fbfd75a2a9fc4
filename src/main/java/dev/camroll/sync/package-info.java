/**
 * Camera-roll sync: the devices a user syncs from, the sync policy the app asks before a background run, and
 * batch manifests (hashes first) that decide per file whether it must be uploaded (or shares an upload already
 * open for its content), is a duplicate of stored media, or is refused, before a single byte is sent.
 */
package dev.camroll.sync;
