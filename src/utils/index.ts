/** keras.utils */
import { releasePooledBuffers } from "../trainers/tracing.js";
import { resetNameCounters } from "../util/names.js";

export { formatShape } from "../util/format.js";
export { setRandomSeed } from "../random/index.js";
export { plotModel, type PlotModelOptions } from "./plotModel/index.js";
export { plotHistory, type PlotHistoryOptions, type HistoryLike } from "./plotHistory.js";
export { getFile, type GetFileOptions } from "../datasets/getFile.js";
export { toCategorical } from "./toCategorical.js";
export { normalize } from "./normalize.js";
export { padSequences, type PadSequencesOptions } from "./padSequences.js";
export { splitDataset, type SplitDatasetOptions } from "./splitDataset.js";
export { timeseriesDatasetFromArray, TimeseriesDataset, type TimeseriesOptions } from "./timeseries.js";
export { imageDatasetFromDirectory, ImageDataset, type ImageDatasetOptions } from "./imageDataset.js";

/**
 * Resets global state like Keras's `keras.utils.clear_session()`: automatic layer names start
 * again at `dense`, `dense_1`, …, and the result buffers that compiled steps keep for reuse are
 * released to the garbage collector.
 */
export function clearSession(): void {
  resetNameCounters();
  releasePooledBuffers();
}
