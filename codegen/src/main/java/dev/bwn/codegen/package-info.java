/**
 * What the C and Verilog generators share: the one FreeMarker configuration and the mapping of model names to safe identifiers.
 */
package dev.bwn.codegen;
