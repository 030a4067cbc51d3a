/**
 * The C backend: lowering a network once into an immutable C model (types, kernels, constants, arena), rendered by the templates in templates/c.
 */
package dev.bwn.codegen.c;
