package io.veernet.model.tensor;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * libtorch's fused {@code aten::group_norm} (forward and backward in one kernel each, saving only
 * the input and the group statistics), which DJL's native library does not bind: reached through a
 * one-function TorchScript module that this class writes in memory (a TorchScript archive is a zip
 * of Python-like source and pickles: {@code version}, {@code constants.pkl}, {@code data.pkl} and
 * {@code code/__torch__.py}) and loads once per process, then runs with autograd on. The module holds
 * no tensors, so one serves every device; the kernel runs on the input's.
 *
 * <p>Why: a layer norm followed by a separate per-channel affine map keeps the layer norm's whole
 * output for the gamma gradient, one full-size activation per GroupNorm more than the fused kernel;
 * at 480 x 3,200 that is the whole 1.3 GB by which training's peak exceeded PyTorch's.
 */
public final class NativeGroupNorm {

    private static final String CLASS_NAME = "GroupNormOp";

    /** The module's only method: group_norm with the caller's weight, bias, groups and epsilon. */
    private static final String SOURCE = """
            class GroupNormOp(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.GroupNormOp,
                x: Tensor,
                weight: Tensor,
                bias: Tensor,
                groups: int,
                eps: float) -> Tensor:
                return torch.group_norm(x, groups, weight, bias, eps, False)
            """;

    private static final MethodHandle RUN_METHOD = EngineOps.libraryMethod("moduleRunMethod",
            long.class, long.class, String.class, long[].class, boolean.class, boolean.class);
    /** {@code new IValue(long handle)}: the constructor is package-private, and the result must be freed. */
    private static final MethodHandle IVALUE;
    private static volatile long module;

    static {
        try {
            var constructor = IValue.class.getDeclaredConstructor(long.class);
            constructor.setAccessible(true);
            IVALUE = MethodHandles.lookup().unreflectConstructor(constructor)
                    .asType(MethodType.methodType(IValue.class, long.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError(new IllegalStateException(
                    "DJL's IValue has no (long handle) constructor as expected (DJL 0.35.1 has; check the engine version)", e));
        }
    }

    private NativeGroupNorm() {
    }

    /**
     * {@code group_norm(x, groups, weight, bias, eps)} recorded for autograd (gradients reach
     * {@code x}, {@code weight} and {@code bias}); the result belongs to {@code x}'s manager.
     */
    public static NDArray groupNorm(NDArray x, int groups, NDArray weight, NDArray bias, double eps) {
        PtNDArray input = (PtNDArray) x;
        long handle = module();
        try (IValue ix = IValue.from(input);
                IValue iw = IValue.from((PtNDArray) weight);
                IValue ib = IValue.from((PtNDArray) bias);
                IValue ig = IValue.from((long) groups);
                IValue ie = IValue.from(eps)) {
            IValue result;
            try {
                // isTrain true: DJL's public runMethod runs under NoGrad and InferenceMode, which records no graph.
                long out = (long) RUN_METHOD.invokeExact(handle, "forward",
                        new long[] {ix.getHandle(), iw.getHandle(), ib.getHandle(), ig.getHandle(), ie.getHandle()},
                        true, false);
                result = (IValue) IVALUE.invokeExact(out);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
            try (result) {
                return result.toTensor((PtNDManager) input.getManager());
            }
        }
    }

    private static long module() {
        long m = module;
        if (m == 0) {
            synchronized (NativeGroupNorm.class) {
                m = module;
                if (m == 0) {
                    try {
                        m = JniUtils.loadModuleHandle(new ByteArrayInputStream(archive()), Device.cpu(), false, false);
                    } catch (IOException | RuntimeException e) {
                        throw new IllegalStateException("libtorch could not load the group-norm TorchScript module"
                                + " (written for DJL 0.35.1's libtorch 2.7.1; check the engine version)", e);
                    }
                    module = m;
                }
            }
        }
        return m;
    }

    /** The TorchScript archive: version, constants (none), the module object and its class's source. */
    static byte[] archive() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            stored(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            stored(zip, "archive/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            stored(zip, "archive/data.pkl", modulePickle());
            stored(zip, "archive/code/__torch__.py", SOURCE.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** Pickle protocol 2 of a {@code __torch__.GroupNormOp} object whose state is {@code {"training": True}}. */
    private static byte[] modulePickle() {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x80);
        p.write(2);
        p.writeBytes(("c__torch__\n" + CLASS_NAME + "\n").getBytes(StandardCharsets.US_ASCII));
        p.write(')');
        p.write(0x81); // NEWOBJ
        p.write('}'); // EMPTY_DICT
        p.write('('); // MARK
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        p.write('X'); // BINUNICODE
        p.write(key.length);
        p.write(0);
        p.write(0);
        p.write(0);
        p.writeBytes(key);
        p.write(0x88); // NEWTRUE
        p.write('u'); // SETITEMS
        p.write('b'); // BUILD
        p.write('.'); // STOP
        return p.toByteArray();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
