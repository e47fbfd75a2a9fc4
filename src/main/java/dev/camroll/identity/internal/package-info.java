/** The identity module's security configuration, token issuers and decoders, and {@code POST /dev/tokens}. */
@NullMarked
package dev.camroll.identity.internal;

import org.jspecify.annotations.NullMarked;
