package dev.bwn.codegen.verilog.board;

/**
 * The iCE40 PLL settings (SIMPLE feedback) for an output frequency, chosen the way IceStorm's {@code icepll} does: over
 * every DIVR, DIVF and DIVQ whose phase-detector (10..133 MHz) and VCO (533..1066 MHz) frequencies are in range, the
 * first setting whose output is closest to the request; the loop filter range follows the phase-detector frequency.
 * {@code Ice40PllTest} compares it with {@code icepll} itself.
 */
public record Ice40Pll(int divr, int divf, int divq, int filterRange, double inputMhz, double outputMhz) {
    /** The output range icepll accepts. */
    public static final double MIN_OUTPUT_MHZ = 16;
    public static final double MAX_OUTPUT_MHZ = 275;

    /** The settings closest to {@code requestedMhz} from {@code inputMhz}; the output range is checked by the caller. */
    public static Ice40Pll closest(double inputMhz, double requestedMhz) {
        boolean found = false;
        double best = 0;
        int bestR = 0;
        int bestF = 0;
        int bestQ = 0;
        for (int divr = 0; divr <= 15; divr++) {
            double pfd = inputMhz / (divr + 1);
            if (pfd < 10 || pfd > 133) {
                continue;
            }
            for (int divf = 0; divf <= 127; divf++) {
                double vco = pfd * (divf + 1);
                if (vco < 533 || vco > 1066) {
                    continue;
                }
                for (int divq = 1; divq <= 6; divq++) {
                    double out = vco / (1 << divq);
                    if (!found || Math.abs(out - requestedMhz) < Math.abs(best - requestedMhz)) {
                        found = true;
                        best = out;
                        bestR = divr;
                        bestF = divf;
                        bestQ = divq;
                    }
                }
            }
        }
        if (!found) {
            throw new IllegalArgumentException("no iCE40 PLL setting reaches " + requestedMhz + " MHz from " + inputMhz + " MHz");
        }
        double pfd = inputMhz / (bestR + 1);
        int filter = pfd < 17 ? 1 : pfd < 26 ? 2 : pfd < 44 ? 3 : pfd < 66 ? 4 : pfd < 101 ? 5 : 6;
        return new Ice40Pll(bestR, bestF, bestQ, filter, inputMhz, best);
    }
}
