package io.veernet.model;

import ai.djl.ndarray.NDManager;
import io.veernet.data.raster.GrayImage;
import io.veernet.data.raster.RuleLevelling;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InkInputTest {

    /** A 16 x 48 scan: gray paper, a dark value line at row 5, a trace running down the middle. */
    private static GrayImage ruledScan() {
        byte[] px = new byte[16 * 48];
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 48; x++) {
                int gray = y == 5 ? 120 : 220;
                if (y == 8 + (x / 8) % 3) {
                    gray = 30;
                }
                px[y * 48 + x] = (byte) gray;
            }
        }
        return new GrayImage(48, 16, px);
    }

    @Test
    void densityIsInvertedGrayAndLevelledIsTheLevelledScansDensity() {
        GrayImage scan = ruledScan();
        float[] density = InkInput.DENSITY.of(scan);
        assertEquals((255 - 220) / 255f, density[0], 1e-7f);
        assertArrayEquals(InkInput.DENSITY.of(RuleLevelling.level(scan)), InkInput.LEVELLED.of(scan));
        assertEquals(0f, InkInput.LEVELLED.of(scan)[5 * 48 + 2], "the value line is levelled away");
        assertArrayEquals(InkInput.DENSITY.of(RuleLevelling.flatten(scan)), InkInput.FLAT.of(scan));
        assertArrayEquals(InkInput.DENSITY.of(io.veernet.data.raster.InkStretch.stretch(RuleLevelling.flatten(scan))),
                InkInput.FLAT_STRETCHED.of(scan));
        assertEquals(InkInput.FLAT_STRETCHED, InkInput.parse("flat-stretched"));
    }

    /** Serving follows the config: a network reading levelled scans gives, for a scan, what the same weights give for its levelled picture. */
    @Test
    void aPredictorReadsScansAsItsConfigSays() {
        ModelConfig density = TestNets.small(ModelConfig.GROUP_NORM, false);
        GrayImage scan = ruledScan();
        try (NDManager manager = NDManager.newBaseManager()) {
            ai.djl.engine.Engine.getInstance().setRandomSeed(3);
            Predictor plain = Predictor.create(density, manager);
            Predictor levelled = Predictor.create(density.withInput(InkInput.LEVELLED), manager);
            levelled.load(plain.parameters().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                    java.util.Map.Entry::getKey, e -> e.getValue().getArray())));
            float[] expected = plain.probabilities(RuleLevelling.level(scan)).data();
            assertArrayEquals(expected, levelled.probabilities(scan).data(), 1e-6f);
            assertFalse(java.util.Arrays.equals(expected, plain.probabilities(scan).data()));
        }
    }

    @Test
    void unknownInputNamesTheChoices() {
        String m = assertThrows(IllegalArgumentException.class, () -> InkInput.parse("sharpened")).getMessage();
        assertTrue(m.contains("density") && m.contains("levelled") && m.contains("sharpened"), m);
        assertEquals(InkInput.LEVELLED, InkInput.parse(" Levelled"));
    }
}
