/**
 * Where bwn writes: the marker that makes a folder bwn's own, the lock that gives one run a folder, the check that an
 * output never contains an input, and the writer that stages a generated folder beside its target and swaps it in whole.
 * Every rule about replacing or deleting a folder lives here, for all commands.
 */
package dev.bwn.model.output;
