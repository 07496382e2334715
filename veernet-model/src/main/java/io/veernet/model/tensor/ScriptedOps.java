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
 * libtorch operations DJL's native library does not bind, reached through a small TorchScript
 * module that this class writes in memory (a TorchScript archive is a zip
 * of Python-like source and pickles: {@code version}, {@code constants.pkl}, {@code data.pkl} and
 * {@code code/__torch__.py}) and loads once per process, then runs with autograd on. The module holds
 * no tensors, so one serves every device; the kernels run on the input's. Calls are recorded for
 * autograd whenever the thread's grad mode is on, like every other DJL operation.
 *
 * <ul>
 * <li>{@link #groupNorm}: the fused {@code aten::group_norm}, whose backward recomputes the normalised
 *     values from the input and the group statistics. A layer norm followed by a separate per-channel
 *     affine map keeps the layer norm's whole output for the gamma gradient, one full-size activation
 *     per GroupNorm more; at 480 x 3,200 that was the whole 1.3 GB by which training's peak exceeded
 *     PyTorch's.</li>
 * <li>{@link #upsampleBilinear}: the plain {@code aten::upsample_bilinear2d}. DJL's interpolation
 *     always asks for the anti-aliased kernel, which gives the same values when enlarging at about
 *     twice the cost.</li>
 * </ul>
 */
public final class ScriptedOps {

    private static final String CLASS_NAME = "ScriptedOps";

    /** The module's methods: each one libtorch operation with the caller's arguments. */
    private static final String SOURCE = """
            class ScriptedOps(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def group_norm(self: __torch__.ScriptedOps,
                x: Tensor,
                weight: Tensor,
                bias: Tensor,
                groups: int,
                eps: float) -> Tensor:
                return torch.group_norm(x, groups, weight, bias, eps, False)
              def upsample_bilinear(self: __torch__.ScriptedOps,
                x: Tensor,
                height: int,
                width: int) -> Tensor:
                return torch.upsample_bilinear2d(x, [height, width], False, None, None)
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

    private ScriptedOps() {
    }

    /**
     * {@code group_norm(x, groups, weight, bias, eps)}: gradients reach {@code x}, {@code weight} and
     * {@code bias}; the result belongs to {@code x}'s manager.
     */
    public static NDArray groupNorm(NDArray x, int groups, NDArray weight, NDArray bias, double eps) {
        try (IValue iw = IValue.from((PtNDArray) weight);
                IValue ib = IValue.from((PtNDArray) bias);
                IValue ig = IValue.from((long) groups);
                IValue ie = IValue.from(eps)) {
            return run("group_norm", x, iw, ib, ig, ie);
        }
    }

    /**
     * {@code upsample_bilinear2d(x, [height, width], align_corners=False)} of an (N, C, H, W) array,
     * without anti-aliasing; the result belongs to {@code x}'s manager.
     */
    public static NDArray upsampleBilinear(NDArray x, long height, long width) {
        try (IValue ih = IValue.from(height);
                IValue iw = IValue.from(width)) {
            return run("upsample_bilinear", x, ih, iw);
        }
    }

    /** Runs one of the module's methods on {@code x} and further arguments, with the thread's grad mode. */
    private static NDArray run(String method, NDArray x, IValue... rest) {
        PtNDArray input = (PtNDArray) x;
        long handle = module();
        try (IValue ix = IValue.from(input)) {
            long[] args = new long[rest.length + 1];
            args[0] = ix.getHandle();
            for (int i = 0; i < rest.length; i++) {
                args[i + 1] = rest[i].getHandle();
            }
            IValue result;
            try {
                // isTrain true: DJL's public runMethod runs under NoGrad and InferenceMode, which records no graph.
                long out = (long) RUN_METHOD.invokeExact(handle, method, args, true, false);
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
            synchronized (ScriptedOps.class) {
                m = module;
                if (m == 0) {
                    try {
                        m = JniUtils.loadModuleHandle(new ByteArrayInputStream(archive()), Device.cpu(), false, false);
                    } catch (IOException | RuntimeException e) {
                        throw new IllegalStateException("libtorch could not load the TorchScript module of ScriptedOps"
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

    /** Pickle protocol 2 of a {@code __torch__.ScriptedOps} object whose state is {@code {"training": True}}. */
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
