/** Model → Keras 3 config lives with the models (`getConfig`); saving re-exports it. */
export { functionalConfig, modelKind, sequentialConfig, serializeLayer, serializeModel, type SerializedObject } from "../models/modelConfig.js";
