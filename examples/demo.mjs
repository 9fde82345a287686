// keras-ts tour: `npm start`.
// 1. The Flatten story of the classic Keras question "What is the role of Flatten in Keras?".
// 2. Training a small network on real handwritten digits with Keras's progress bar,
//    evaluating it, saving it as a .keras file, loading it back, and drawing the model
//    and its training curves into out/.
import { existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import * as keras from "../dist/index.js";

const { Sequential, layers, ops } = keras;
const show = (shape) => keras.utils.formatShape(shape);
const rule = (title) => console.log(`\n${"─".repeat(8)} ${title} ${"─".repeat(Math.max(4, 66 - title.length))}`);

// ---------------------------------------------------------------- 1. Flatten
function seedModel(withFlatten) {
  const model = new Sequential();
  model.add(new layers.Dense(16, { inputShape: [3, 2], name: "D16" }));
  model.add(new layers.Activation("relu", { name: "A" }));
  if (withFlatten) model.add(new layers.Flatten({ name: "F" }));
  model.add(new layers.Dense(4, { name: "D4" }));
  model.compile({ loss: "mean_squared_error", optimizer: "SGD" });
  return model;
}

const x = [[[1, 2], [3, 4], [5, 6]]];
console.log("keras-ts: Keras 3 for TypeScript — a tour.");
console.log("One input sample has shape (3, 2):", JSON.stringify(x[0]));

rule("With Flatten");
const withFlatten = seedModel(true);
withFlatten.summary();
console.log(`model.predict(x).shape → ${show(withFlatten.predict(x).shape)}`);

rule("Without Flatten");
const without = seedModel(false);
without.summary();
console.log(`model.predict(x).shape → ${show(without.predict(x).shape)}`);

rule("Why");
console.log(
  [
    "Dense acts on the LAST axis. D16 maps each of the 3 rows (2 values) to 16 values with the",
    "same weights, so its output is (None, 3, 16), not (None, 16). Flatten turns (3, 16) into 48",
    "values, so D4 sees all of them: (None, 4). Without it, D4 maps each row on its own and the",
    "row axis survives: (1, 3, 4). 'None' is the batch size, which can be anything.",
  ].join("\n"),
);

// ---------------------------------------------------------------- 2. Digits
rule("Training on handwritten digits");
keras.utils.setRandomSeed(42);
const [[xTrainRaw, yTrain], [xTestRaw, yTest]] = await keras.datasets.digits.loadData();
console.log(`UCI optical digits (CC BY 4.0): ${xTrainRaw.shape[0]} training and ${xTestRaw.shape[0]} test images of 8x8 pixels (0..16).`);
const scale = (t) => ops.divide(ops.cast(t, "float32"), 16);
const xTrain = scale(xTrainRaw);
const xTest = scale(xTestRaw);

const model = new Sequential(
  [
    keras.Input({ shape: [8, 8] }),
    new layers.Flatten(),
    new layers.Dense(64, { activation: "relu" }),
    new layers.Dropout(0.1),
    new layers.Dense(10, { activation: "softmax" }),
  ],
  { name: "digits_mlp" },
);
model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
model.summary();
const history = await model.fit(xTrain, yTrain, { batchSize: 32, epochs: 30, validationSplit: 0.1, verbose: 1 });
const [testLoss, testAcc] = await model.evaluate(xTest, yTest, { verbose: 0 });
console.log(`Test accuracy: ${(testAcc * 100).toFixed(2)}% (loss ${testLoss.toFixed(4)})`);

rule("Saving, loading, drawing");
mkdirSync("out", { recursive: true });
await model.save("out/digits_mlp.keras");
const loaded = await keras.saving.loadModel("out/digits_mlp.keras");
const a = model.predict(xTest, { batchSize: 256 }).dataSync();
const b = loaded.predict(xTest, { batchSize: 256 }).dataSync();
let maxDiff = 0;
for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
console.log(`Saved out/digits_mlp.keras (Keras 3 format) and loaded it back: predictions differ by at most ${maxDiff}.`);
keras.utils.plotModel(model, { toFile: "out/model.svg", showShapes: true, showLayerNames: true });
keras.utils.plotModel(model, { toFile: "out/model.png", showShapes: true, showLayerNames: true, dpi: 96 });
keras.utils.plotHistory(history, { toFile: "out/history.svg" });
keras.utils.plotHistory(history, { toFile: "out/history.png" });
console.log("Wrote out/model.svg, out/model.png (the model diagram) and out/history.svg, out/history.png (training curves).");
// ---------------------------------------------------------------- 3. MNIST, when it is here
const mnistFile = join(process.env.KERAS_HOME ?? join(homedir(), ".keras"), "datasets", "mnist.npz");
if (existsSync(mnistFile)) {
  rule("Full MNIST (found in the Keras cache)");
  const [[mx, my], [tx, ty]] = await keras.datasets.mnist.loadData();
  const prep = (t) => ops.divide(ops.reshape(ops.cast(t, "float32"), [t.shape[0], 784]), 255);
  const mlp = new Sequential([keras.Input({ shape: [784] }), new layers.Dense(128, { activation: "relu" }), new layers.Dense(10, { activation: "softmax" })]);
  mlp.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
  await mlp.fit(prep(mx), my, { batchSize: 128, epochs: 2, verbose: 1 });
  const [, mAcc] = await mlp.evaluate(prep(tx), ty, { verbose: 0 });
  console.log(`MNIST test accuracy after 2 epochs: ${(mAcc * 100).toFixed(2)}%`);
} else {
  console.log(`\n(Full MNIST: run \`node examples/mnist_mlp.mjs\` once online; it caches ${mnistFile} and the tour will use it.)`);
}

console.log("\nNext: docs/shapes.md answers the input_shape / units / batch_size / None questions with runnable code.");
