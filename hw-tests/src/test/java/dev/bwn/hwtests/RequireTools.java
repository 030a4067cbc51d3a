package dev.bwn.hwtests;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Test guard: skips when a tool is missing on a developer machine, fails under CI (CI=true). */
public final class RequireTools {
    private RequireTools() {
    }

    public static void require(String... executables) {
        for (String exe : executables) {
            if (Tools.find(exe).isEmpty()) {
                String why = exe + " is not on PATH (install it; .ci/run does)";
                if (Tools.inCi()) {
                    Assertions.fail(why + " -- a hardware test may not be skipped under CI");
                }
                Assumptions.abort(why);
            }
        }
    }
}
