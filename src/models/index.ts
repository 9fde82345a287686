/** keras.models */
export { Model } from "./model.js";
export { Functional } from "./functional.js";
export { Sequential } from "./sequential.js";
export { loadModel, modelFromJSON, saveModel } from "./savingApi.js";
