/**
 * Builds and runs generated C on the host (gcc, clang) and on an emulated Cortex-M (QEMU).
 */
package dev.bwn.hwtests.c;
