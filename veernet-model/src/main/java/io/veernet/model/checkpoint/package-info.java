/**
 * Checkpoints and weight snapshots on disk: {@link io.veernet.model.checkpoint.CheckpointStore}
 * (atomic, checksummed ZIPs of SafeTensors groups plus a metadata tree), with an I/O seam
 * ({@link io.veernet.model.checkpoint.StoreIo}) for failure tests.
 */
package io.veernet.model.checkpoint;
