/** keras.models */
export { Model } from "./model.js";
export { Functional } from "./functional.js";
export { Sequential } from "./sequential.js";
