// MNIST MLP, the Keras "simple MNIST" recipe in TypeScript terms:
//   node examples/mnist_mlp.mjs [path/to/mnist.npz]
// Downloads mnist.npz into ~/.keras/datasets (or $KERAS_HOME/datasets) the first time, like
// Keras, or reads the file you give. Trains Dense(512, relu) → Dropout(0.2) → Dense(10, softmax)
// and prints the test accuracy (Keras reaches about 98%).
import * as keras from "../dist/index.js";

const { ops, layers } = keras;
const path = process.argv[2];
keras.utils.setRandomSeed(1337);
const [[xTrain, yTrain], [xTest, yTest]] = await keras.datasets.mnist.loadData(path ? { path } : {});
const prep = (x) => ops.divide(ops.reshape(ops.cast(x, "float32"), [x.shape[0], 784]), 255);

const model = new keras.Sequential([
  keras.Input({ shape: [784] }),
  new layers.Dense(512, { activation: "relu" }),
  new layers.Dropout(0.2),
  new layers.Dense(10, { activation: "softmax" }),
]);
model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
model.summary();
await model.fit(prep(xTrain), yTrain, { batchSize: 128, epochs: 5, validationSplit: 0.1 });
const [loss, accuracy] = await model.evaluate(prep(xTest), yTest, { verbose: 0 });
console.log(`Test loss: ${loss.toFixed(4)}  Test accuracy: ${(accuracy * 100).toFixed(2)}%`);
