/**
 * Media: a user's stored photos and videos (one record per distinct content), their state through analysis,
 * and what other modules need to know about them (dedupe by SHA-256, the bytes a user stores).
 */
package dev.camroll.media;
