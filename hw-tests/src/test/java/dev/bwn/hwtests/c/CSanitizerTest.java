package dev.bwn.hwtests.c;

import dev.bwn.hwtests.RequireTools;
import dev.bwn.hwtests.Shard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/**
 * UndefinedBehaviorSanitizer and AddressSanitizer over random models in debug mode: no signed overflow, no shift of a
 * negative value, no out-of-bounds access in any kernel, and still bit-exact. Stops at the first report.
 */
class CSanitizerTest {
    @Test
    void randomModelsRunCleanUnderUbsanAndAsan(@TempDir Path dir) throws Exception {
        RequireTools.require("gcc");
        // -Dbwn.shard=K/N: shard K of N of the 36 models (each keeps its seed, so the shards together are the whole sweep)
        List<CDesign> designs = Shard.fromSystemProperty().select(CFixtures.randomDesigns(5000, 36, dir));
        CFixtures.assertAllPassed(CHostRunner.run(designs, dir, CHostRunner.Options.defaults().withSanitizers()));
    }

    /** The same over random graphs: skip tensors kept alive, adds in place, global pools. */
    @Test
    void randomGraphsRunCleanUnderUbsanAndAsan(@TempDir Path dir) throws Exception {
        RequireTools.require("gcc");
        List<CDesign> designs = CFixtures.randomGraphDesigns(25_000, 16, dir);
        CFixtures.assertAllPassed(CHostRunner.run(designs, dir, CHostRunner.Options.defaults().withSanitizers()));
    }
}
