/** The uploads module's internals: the tus endpoint, the uploads table, streaming, completion and clean-up. */
@NullMarked
package dev.camroll.upload.internal;

import org.jspecify.annotations.NullMarked;
