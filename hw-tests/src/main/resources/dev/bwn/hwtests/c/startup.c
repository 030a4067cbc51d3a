/* Minimal Cortex-M start-up for QEMU runs: the vector table points reset at newlib's rdimon crt0 (_start), which
   sets up semihosting, zeroes .bss and calls main; exit() ends QEMU through semihosting. A fault stops the
   program with a message instead of hanging, so a crash can never look like a pass. */
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>

extern void _start(void);
extern uint32_t __stack_top;

void bwn_reset(void);
void bwn_fault(void);

void bwn_reset(void)
{
#if defined(__ARM_FP)
    /* Hard-float images: enable CP10/CP11 (the FPU) before any code may use it. */
    *(volatile uint32_t *)0xE000ED88u |= (0xFu << 20);
#endif
    _start();
}

void bwn_fault(void)
{
    printf("bwn-fault: the program took a fault exception\n");
    exit(3);
}

/* The initial stack pointer is data, the rest are handlers: a union keeps both without a pointer conversion. */
typedef union {
    const void *stack;
    void (*handler)(void);
} bwn_vector;

__attribute__((section(".isr_vector"), used))
static const bwn_vector bwn_vectors[16] = {
    {.stack = &__stack_top}, {.handler = bwn_reset}, {.handler = bwn_fault}, {.handler = bwn_fault},
    {.handler = bwn_fault}, {.handler = bwn_fault}, {.handler = bwn_fault}, {.stack = 0}, {.stack = 0}, {.stack = 0},
    {.stack = 0}, {.handler = bwn_fault}, {.handler = bwn_fault}, {.stack = 0}, {.handler = bwn_fault},
    {.handler = bwn_fault}
};
