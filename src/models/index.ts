/** keras.models */
export { Model } from "./model.js";
export { Functional } from "./functional.js";
export { Sequential } from "./sequential.js";
export { modelFromJSON } from "../saving/json.js";
export { loadModel } from "../saving/loadModel.js";
export { saveModel } from "../saving/saveModel.js";
