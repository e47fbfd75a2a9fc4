/** The transparency module's implementation: the tree's tables, the sequencer, the checkpoint signer, the HTTP API. */
@NullMarked
package dev.camroll.transparency.internal;

import org.jspecify.annotations.NullMarked;
