// keras-ts tour: `npm start`. The Flatten story of the classic Keras question
// "What is the role of Flatten in Keras?", told with the models from the question and answer.
import * as keras from "../dist/index.js";

const { Sequential, layers } = keras;
const show = (shape) => keras.utils.formatShape(shape);
const rule = (title) => console.log(`\n${"─".repeat(8)} ${title} ${"─".repeat(Math.max(4, 66 - title.length))}`);

function seedModel(withFlatten) {
  const model = new Sequential();
  model.add(new layers.Dense(16, { inputShape: [3, 2], name: "D16" }));
  model.add(new layers.Activation("relu", { name: "A" }));
  if (withFlatten) model.add(new layers.Flatten({ name: "F" }));
  model.add(new layers.Dense(4, { name: "D4" }));
  if (typeof model.compile === "function") model.compile({ loss: "mean_squared_error", optimizer: "SGD" });
  return model;
}

const x = [[[1, 2], [3, 4], [5, 6]]];
console.log("keras-ts: Keras 3 for TypeScript — a tour of shapes.");
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

rule("The answer's model: Flatten first");
const fixed = new Sequential([
  new layers.Flatten({ inputShape: [3, 2] }),
  new layers.Dense(16),
  new layers.Activation("relu"),
  new layers.Dense(4),
]);
fixed.summary({ style: "classic" });
console.log(`model.predict(x).shape → ${show(fixed.predict(x).shape)}`);
