/** keras.layers: the layer classes, one per file, assembled here. */
import { registerBuiltin } from "../serialization/registry.js";
import { Activation } from "./activations/activation.js";
import { Dense } from "./core/dense.js";
import { Identity } from "./core/identity.js";
import { Input, InputLayer } from "./core/inputLayer.js";
import { Lambda } from "./core/lambda.js";
import { Dropout } from "./regularization/dropout.js";
import { Flatten } from "./reshaping/flatten.js";
import { Permute } from "./reshaping/permute.js";
import { RepeatVector } from "./reshaping/repeatVector.js";
import { Reshape } from "./reshaping/reshape.js";

export { Layer, type CallOptions, type LayerOptions, type Shape } from "./layer.js";
export { InputSpec } from "./inputSpec.js";
export { Activation, Dense, Dropout, Flatten, Identity, Input, InputLayer, Lambda, Permute, RepeatVector, Reshape };

const BUILTIN_LAYERS = { Activation, Dense, Dropout, Flatten, Identity, InputLayer, Lambda, Permute, RepeatVector, Reshape };
for (const [name, cls] of Object.entries(BUILTIN_LAYERS)) registerBuiltin("layers", name, cls as any);
