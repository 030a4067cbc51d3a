/**
 * The {@code bwn} command line (picocli): one front door for training, inspection, generation, verification and the demo.
 */
package dev.bwn.cli;
