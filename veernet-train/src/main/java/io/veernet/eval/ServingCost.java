package io.veernet.eval;

/**
 * What a model costs to serve, measured while it scored the split.
 *
 * @param forwardPasses forward passes per image (members of an ensemble)
 * @param parameters    parameters held (all members)
 * @param parameterMb   their float32 size in MB
 * @param msPerImage    median inference time per image (all forward passes, softmax included; scoring excluded)
 * @param peakRssMb     the process's peak resident memory while the model ran
 * @param rssIncreaseMb that peak above the resident memory before the model was built
 */
public record ServingCost(int forwardPasses, long parameters, double parameterMb, double msPerImage, double peakRssMb,
                          double rssIncreaseMb) {
}
