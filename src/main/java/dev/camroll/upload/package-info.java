/**
 * Uploads: resumable tus 1.0.0 upload resources, created with their batch line (and shared by later lines of the
 * same content while open), that stream bytes into the object store's staging area, verify the whole file and
 * hand the stored media over.
 */
package dev.camroll.upload;
