package dev.bwn.hwtests.c;

import dev.bwn.codegen.c.CGenerator;
import dev.bwn.codegen.c.COptions;
import dev.bwn.codegen.c.CType;
import dev.bwn.hwtests.Processes;
import dev.bwn.model.Network;
import dev.bwn.model.output.GeneratedFolder;
import dev.bwn.model.output.OutputKind;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A generated C model on an ATmega328P (Arduino Uno: 32 KB flash, 2 KB SRAM) in simavr: the model built with avr-gcc
 * {@code -Os} (weights and constants in program memory, the images too, read through {@code NAME_INPUT_IN_FLASH}),
 * linked with a driver that classifies each image with {@code NAME_infer_with} on a static scratch and prints its
 * logits over UART0, with the cycles the inference took (Timer1 at the CPU clock, overflows counted in an interrupt,
 * the cost of an empty measurement subtracted) and the stack it used (RAM painted below the stack pointer before the
 * call, the lowest byte overwritten found after it; the Timer1 interrupt's frame included). Images go in batches that
 * fit the 32 KB of flash, one ELF and one simavr run per batch.
 */
public final class AvrSimavrRun {
    public static final String MCU = "atmega328p";
    /** The ATmega328P's flash and SRAM. */
    public static final long FLASH_BYTES = 32 * 1024;
    public static final long SRAM_BYTES = 2 * 1024;
    private static final Pattern RESULT = Pattern.compile("result (\\d+) (\\d+)((?: -?\\d+)+) cycles (\\d+) stack (\\d+)");
    private static final Pattern DONE = Pattern.compile("bwn-avr-done (\\d+)");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");

    /** One image's outcome on the MCU. */
    public record ImageResult(int image, int predictedClass, int[] logits, long cycles, long stackBytes) {
    }

    /** Section sizes of one linked batch ELF (avr-size): flash = text + data, static RAM = data + bss. */
    public record Footprint(long text, long data, long bss) {
        public long flashBytes() {
            return text + data;
        }

        public long staticRamBytes() {
            return data + bss;
        }
    }

    /** Every image's result; the model object's own footprint; the largest batch ELF's; the commands run. */
    public record Result(List<ImageResult> images, Footprint modelObject, Footprint largestElf, List<String> commands) {
        public long maxStackBytes() {
            return images.stream().mapToLong(ImageResult::stackBytes).max().orElse(0);
        }

        public long maxCycles() {
            return images.stream().mapToLong(ImageResult::cycles).max().orElse(0);
        }

        public long minCycles() {
            return images.stream().mapToLong(ImageResult::cycles).min().orElse(0);
        }
    }

    private AvrSimavrRun() {
    }

    /** Generates the C of {@code net} with {@code options} under {@code dir} and runs {@code images} in batches. */
    public static Result run(Network net, COptions options, List<int[]> images, int imagesPerBatch, Path dir)
            throws IOException {
        CGenerator.Output out = CGenerator.generate(net, options.withSingleHeader(false));
        Path model = dir.resolve("model");
        GeneratedFolder.write(model, OutputKind.C_DESIGN, out.files());
        String prefix = out.model().prefix();
        String macro = out.model().macroPrefix();
        List<String> flags = List.of("-mmcu=" + MCU, "-DF_CPU=16000000UL", "-std=c99", "-Os", "-Wall", "-Wextra", "-Werror",
                "-pedantic", "-ffunction-sections", "-fdata-sections", "-D" + macro + "_INPUT_IN_FLASH");
        List<String> commands = new ArrayList<>();
        List<String> objectCompile = new ArrayList<>(List.of("avr-gcc"));
        objectCompile.addAll(flags);
        objectCompile.addAll(List.of("-c", "model/" + prefix + ".c", "-o", "model.o"));
        Processes.run(objectCompile, dir, Duration.ofMinutes(2)).orThrow();
        commands.add(String.join(" ", objectCompile));
        Footprint modelObject = size(dir, "model.o");
        List<ImageResult> results = new ArrayList<>();
        Footprint largest = null;
        for (int first = 0; first < images.size(); first += imagesPerBatch) {
            List<int[]> batch = images.subList(first, Math.min(images.size(), first + imagesPerBatch));
            String main = "main-" + first + ".c";
            String elf = "batch-" + first + ".elf";
            Files.writeString(dir.resolve(main), driver(prefix, macro, CType.storage(net.inputType()).spelling(), batch, first),
                    StandardCharsets.UTF_8);
            List<String> link = new ArrayList<>(List.of("avr-gcc"));
            link.addAll(flags);
            link.addAll(List.of("-Imodel", "-Wl,--gc-sections", "-o", elf, main, "model.o"));
            Processes.run(link, dir, Duration.ofMinutes(2)).orThrow();
            Footprint f = size(dir, elf);
            if (largest == null || f.flashBytes() > largest.flashBytes()) {
                largest = f;
            }
            List<String> sim = List.of("simavr", "-m", MCU, "-f", "16000000", elf);
            Processes.Result run = Processes.run(sim, dir, Duration.ofMinutes(10));
            String text = ANSI.matcher(run.output()).replaceAll("");
            Matcher done = DONE.matcher(text);
            if (!done.find() || Integer.parseInt(done.group(1)) != batch.size()) {
                throw new Processes.ToolFailure(String.join(" ", sim) + " did not finish its " + batch.size()
                        + " images (exit " + run.exitCode() + "):\n" + Processes.tail(text, 3000));
            }
            Matcher m = RESULT.matcher(text);
            while (m.find()) {
                String[] logitText = m.group(3).trim().split(" ");
                int[] logits = new int[logitText.length];
                for (int k = 0; k < logits.length; k++) {
                    logits[k] = Integer.parseInt(logitText[k]);
                }
                results.add(new ImageResult(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), logits,
                        Long.parseLong(m.group(4)), Long.parseLong(m.group(5))));
            }
            if (first == 0) {
                commands.add(String.join(" ", link));
                commands.add(String.join(" ", sim));
            }
        }
        return new Result(List.copyOf(results), modelObject, largest, List.copyOf(commands));
    }

    private static Footprint size(Path dir, String file) {
        String out = Processes.run(List.of("avr-size", "-B", file), dir, Duration.ofMinutes(1)).orThrow().output();
        String[] lines = out.strip().split("\n");
        String[] fields = lines[lines.length - 1].trim().split("\\s+");
        return new Footprint(Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2]));
    }

    /**
     * The driver: the images in program memory, UART0 output without stdio (printf would cost 1.5 KB of flash),
     * Timer1 cycle counting and stack painting around each {@code NAME_infer_with}.
     */
    static String driver(String prefix, String macro, String inputType, List<int[]> images, int firstIndex) {
        StringBuilder c = new StringBuilder();
        c.append("/* Generated by bwn's hw-tests (AvrSimavrRun): ").append(images.size()).append(" images from index ")
                .append(firstIndex).append(" on an ATmega328P in simavr. */\n");
        c.append("""
                #include <avr/interrupt.h>
                #include <avr/io.h>
                #include <avr/pgmspace.h>
                #include <avr/sleep.h>
                #include "@PREFIX@.h"

                #define IMAGES @COUNT@u
                #define FIRST_INDEX @FIRST@UL
                #define STACK_PAINT 0xA5u

                static const @INPUT_TYPE@ images[IMAGES][@MACRO@_INPUT_SIZE] PROGMEM = {
                """.replace("@PREFIX@", prefix).replace("@MACRO@", macro).replace("@INPUT_TYPE@", inputType)
                .replace("@COUNT@", Integer.toString(images.size())).replace("@FIRST@", Integer.toString(firstIndex)));
        for (int[] image : images) {
            StringJoiner j = new StringJoiner(",", "    {", "},\n");
            for (int v : image) {
                j.add(Integer.toString(v));
            }
            c.append(j);
        }
        c.append("""
                };

                static @PREFIX@_scratch scratch;
                static volatile uint16_t overflows;
                extern uint8_t __heap_start;

                ISR(TIMER1_OVF_vect)
                {
                    overflows++;
                }

                static void put_char(char ch)
                {
                    while (!(UCSR0A & (1u << UDRE0))) {
                    }
                    UDR0 = (uint8_t)ch;
                }

                static void put_text(const char *text)
                {
                    while (*text != '\\0') {
                        put_char(*text++);
                    }
                }

                static void put_number(int32_t value)
                {
                    char digits[12];
                    uint8_t n = 0;
                    uint32_t magnitude = value < 0 ? (uint32_t)0 - (uint32_t)value : (uint32_t)value;
                    if (value < 0) {
                        put_char('-');
                    }
                    do {
                        digits[n++] = (char)('0' + magnitude % 10u);
                        magnitude /= 10u;
                    } while (magnitude != 0u);
                    while (n > 0u) {
                        put_char(digits[--n]);
                    }
                }

                /* Timer1 counts CPU cycles (prescaler 1); the interrupt counts its overflows. */
                static void timer_start(void)
                {
                    cli();
                    TCCR1B = 0;
                    TCNT1 = 0;
                    overflows = 0;
                    TIFR1 = 1u << TOV1;
                    TCCR1B = 1u << CS10;
                    sei();
                }

                static uint32_t timer_stop(void)
                {
                    uint16_t count;
                    uint32_t cycles;
                    cli();
                    count = TCNT1;  /* read while running: simavr only updates TCNT1 of a running timer */
                    if ((TIFR1 & (1u << TOV1)) && count < 0x8000u) {
                        overflows++;  /* it wrapped after interrupts were disabled: an overflow not yet served */
                    }
                    TCCR1B = 0;
                    cycles = ((uint32_t)overflows << 16) | count;
                    sei();
                    return cycles;
                }

                /* Fills the free RAM between the static data and the stack pointer with a pattern. */
                static void paint_stack(void)
                {
                    uint8_t *p = &__heap_start;
                    uint8_t *top = (uint8_t *)SP - 8;
                    while (p < top) {
                        *p++ = STACK_PAINT;
                    }
                }

                /* The lowest address whose paint was overwritten since paint_stack. */
                static uint16_t lowest_used(void)
                {
                    uint8_t *p = &__heap_start;
                    while (*p == STACK_PAINT) {
                        p++;
                    }
                    return (uint16_t)p;
                }

                int main(void)
                {
                    int32_t logits[@MACRO@_CLASSES];
                    uint32_t overhead;
                    uint16_t i;
                    UBRR0 = 8u;  /* 115200 baud at 16 MHz */
                    UCSR0B = 1u << TXEN0;
                    TIMSK1 = 1u << TOIE1;
                    timer_start();
                    overhead = timer_stop();
                    for (i = 0u; i < IMAGES; i++) {
                        uint16_t stack_pointer;
                        uint32_t cycles;
                        int predicted;
                        uint8_t k;
                        paint_stack();
                        stack_pointer = SP;
                        timer_start();
                        predicted = @PREFIX@_infer_with(&scratch, images[i], logits);
                        cycles = timer_stop() - overhead;
                        put_text("result ");
                        put_number((int32_t)(FIRST_INDEX + i));
                        put_char(' ');
                        put_number(predicted);
                        for (k = 0u; k < @MACRO@_CLASSES; k++) {
                            put_char(' ');
                            put_number(logits[k]);
                        }
                        put_text(" cycles ");
                        put_number((int32_t)cycles);
                        put_text(" stack ");
                        put_number((int32_t)(stack_pointer - lowest_used() + 1u));
                        put_char('\\n');
                    }
                    put_text("bwn-avr-done ");
                    put_number(IMAGES);
                    put_char('\\n');
                    cli();
                    sleep_mode();  /* simavr ends the simulation: sleeping with interrupts off */
                    return 0;
                }
                """.replace("@PREFIX@", prefix).replace("@MACRO@", macro));
        return c.toString();
    }
}
