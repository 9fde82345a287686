/**
 * keras.datasets: Keras's small datasets, downloaded once into `~/.keras/datasets`
 * (`$KERAS_HOME/datasets`), plus the UCI digits shipped with keras-ts for offline use.
 * Every `loadData` is async (downloads are) and returns `[[xTrain, yTrain], [xTest, yTest]]`.
 */
export * as mnist from "./mnist.js";
export * as fashionMnist from "./fashionMnist.js";
export * as cifar10 from "./cifar10.js";
export * as imdb from "./imdb.js";
export * as bostonHousing from "./bostonHousing.js";
export * as digits from "./digits.js";
export type { LoadedData } from "./common.js";
