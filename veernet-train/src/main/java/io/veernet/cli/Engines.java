package io.veernet.cli;

/** Engine settings that must be made before DJL starts the engine. */
final class Engines {

    private Engines() {
    }

    /** Sets the intra-op thread count (0 keeps the engine default) unless the JVM was given one. */
    static void configureThreads(int threads) {
        if (threads > 0 && System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }
}
