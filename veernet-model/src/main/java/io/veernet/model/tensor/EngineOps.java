package io.veernet.model.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * libtorch operations that DJL's native library has but its Java API does not reach.
 *
 * <p>{@code torch.nn.functional.layer_norm} without weight and bias: the native entry point
 * accepts "no weight" (a null handle) but {@code JniUtils.layerNorm} dereferences both arrays, so
 * the only public route needs an element-wise ones/zeros pair the size of a whole normalised slice,
 * allocated per call, multiplied in and differentiated for nothing. The native method lives in the
 * package-private {@code ai.djl.pytorch.jni.PyTorchLibrary}; it is reached once, by reflection,
 * and then called through a method handle (no reflection per call). Needs the classpath (DJL's jars
 * are not sealed and declare no module), which is how this project runs.
 */
public final class EngineOps {

    private static final MethodHandle LAYER_NORM = libraryMethod("torchNNLayerNorm",
            long.class, long.class, long[].class, long.class, long.class, double.class);

    /**
     * The bound method handle of {@code PyTorchLibrary.LIB.name(parameters)} returning {@code returns};
     * an {@link ExceptionInInitializerError} naming it when this DJL does not have it.
     */
    static MethodHandle libraryMethod(String name, Class<?> returns, Class<?>... parameters) {
        try {
            Class<?> library = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
            Field lib = library.getDeclaredField("LIB");
            lib.setAccessible(true);
            Method method = library.getDeclaredMethod(name, parameters);
            method.setAccessible(true);
            return MethodHandles.lookup().unreflect(method).bindTo(lib.get(null))
                    .asType(MethodType.methodType(returns, parameters));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError(new IllegalStateException(
                    "DJL's PyTorch native library does not expose " + name + " as expected"
                            + " (DJL 0.35.1 does; check the engine version)", e));
        }
    }

    private EngineOps() {}

    /**
     * {@code layer_norm(x, normalizedShape, weight=None, bias=None, eps)}: normalises over the
     * trailing {@code normalizedShape} axes with one fused kernel (and its fused backward), with
     * no affine map. The result belongs to {@code x}'s manager.
     */
    public static NDArray layerNorm(NDArray x, long[] normalizedShape, double eps) {
        PtNDArray input = (PtNDArray) x;
        long handle;
        try {
            handle = (long) LAYER_NORM.invokeExact(input.getHandle().longValue(), normalizedShape, 0L, 0L, eps);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        return new PtNDArray((PtNDManager) input.getManager(), handle);
    }
}
