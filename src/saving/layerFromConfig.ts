/**
 * One layer from its serialized form `{class_name, config, registered_name?, module?}`: the class
 * is resolved through customObjects / registerKerasSerializable / the built-ins, config keys are
 * mapped snake_case → camelCase (values never change), Keras 2 names are fixed first, and keys
 * keras-ts does not know (`quantization_config: null`, …) are dropped with a warning.
 */
import "../layers/index.js";
import * as activations from "../activations/index.js";
import { Layer } from "../layers/layer.js";
import { camelKey, mapKeys } from "../serialization/keys.js";
import { resolveClass, type CustomObjects } from "../serialization/registry.js";
import { ValueError } from "../util/errors.js";

/** State shared while one file is deserialized. */
export interface DeserializeContext {
  customObjects: CustomObjects;
  /** The file was written by Keras 2 / tf.keras (Keras 2 activation math, Keras 2 config names). */
  legacy: boolean;
  /** Where messages say the config came from. */
  file: string;
  /** Non-fatal findings (dropped keys…), for `inspect` and debugging. */
  warnings: string[];
  depth: number;
  /** Builds nested models (set by modelFromConfig, which owns Sequential/Functional). */
  modelFromConfig?: (entry: Record<string, unknown>, ctx: DeserializeContext) => Layer;
}

/** Classes whose configs hold Python code, which keras-ts never executes. */
const CODE_LAYERS = new Set(["Lambda", "TFOpLambda", "SlicingOpLambda", "TFLambda"]);

/** Recurrent classes that take `legacy_activations` (Keras 2's hard_sigmoid) from Keras 2 files. */
const LEGACY_ACTIVATION_CLASSES = new Set(["LSTM", "GRU", "SimpleRNN", "LSTMCell", "GRUCell", "SimpleRNNCell", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D", "ConvLSTMCell"]);

/** Model class names Keras writes (Keras 2: "Model", Keras 3: "Functional"). */
export const MODEL_CLASSES = new Set(["Sequential", "Functional", "Model"]);

/**
 * Keras 2 / tf.keras config names that differ from Keras 3, per class ("*" = every class):
 * a rename (`to`), a value fix, or a drop (keys with no Keras 3 meaning).
 */
const KEY_FIXES: Record<string, Record<string, { to?: string; drop?: true; value?: (v: unknown) => unknown }>> = {
  "*": {
    input_dtype: { drop: true },
    batch_size: { drop: true },
  },
  LSTM: { implementation: { value: (v) => (v === 0 ? 1 : v) }, time_major: { drop: true } },
  GRU: { implementation: { value: (v) => (v === 0 ? 1 : v) }, time_major: { drop: true } },
  SimpleRNN: { implementation: { value: (v) => (v === 0 ? 1 : v) }, time_major: { drop: true } },
  BatchNormalization: { renorm: { drop: true }, renorm_clipping: { drop: true }, renorm_momentum: { drop: true }, fused: { drop: true }, virtual_batch_size: { drop: true }, adjustment: { drop: true } },
};

/** Applies the Keras 2 key table to a config (a copy). */
export function fixKeras2Keys(className: string, config: Record<string, unknown>): Record<string, unknown> {
  const out = { ...config };
  for (const table of [KEY_FIXES["*"]!, KEY_FIXES[className] ?? {}]) {
    for (const [key, fix] of Object.entries(table)) {
      if (!(key in out)) continue;
      const v = out[key];
      if (fix.drop) {
        delete out[key];
        continue;
      }
      const value = fix.value ? fix.value(v) : v;
      delete out[key];
      out[fix.to ?? key] = value;
    }
  }
  return out;
}

/**
 * Marks recurrent layers (and their nested cells) of a Keras 2 file with `legacy_activations`, and
 * swaps `"hard_sigmoid"` activations of other layers for Keras 2's function.
 */
export function applyLegacyActivations(className: string, config: Record<string, unknown>): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.class_name === "string" && o.config && typeof o.config === "object" && !Array.isArray(o.config)) {
        return { ...o, config: applyLegacyActivations(o.class_name, o.config as Record<string, unknown>) };
      }
    }
    return v;
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) out[k] = walk(v);
  if (LEGACY_ACTIVATION_CLASSES.has(className)) out.legacy_activations = true;
  else {
    for (const key of ["activation", "recurrent_activation"]) {
      if (out[key] === "hard_sigmoid") out[key] = activations.get("hard_sigmoid", { legacy: true });
    }
  }
  return out;
}

function refuseCode(className: string, file: string): never {
  throw new ValueError(
    `${file}: the model contains a '${className}' layer. Its config holds Python code (bytecode or source), and keras-ts never executes code from a file. ` +
      `Rewrite the layer as a custom layer class in TypeScript and pass it in customObjects: { ${className === "Lambda" ? "MyLayer" : className}: MyLayer } ` +
      `(with a matching class_name in the file), or replace the Lambda in Python with a built-in layer before saving.`,
  );
}

/** Builds a layer (or nested model) from its serialized entry. */
export function layerFromConfig(entry: unknown, ctx: DeserializeContext): Layer {
  if (!entry || typeof entry !== "object" || Array.isArray(entry)) {
    throw new ValueError(`${ctx.file}: expected a serialized layer {class_name, config}, but received ${JSON.stringify(entry)?.slice(0, 120)}.`);
  }
  const e = entry as Record<string, unknown>;
  const className = e.class_name;
  if (typeof className !== "string") throw new ValueError(`${ctx.file}: a layer entry has no class_name (${JSON.stringify(entry).slice(0, 120)}).`);
  const registeredName = typeof e.registered_name === "string" ? e.registered_name : null;
  if (ctx.depth > 64) throw new ValueError(`${ctx.file}: layers are nested more than 64 levels deep.`);
  const custom = (registeredName && ctx.customObjects[registeredName]) || ctx.customObjects[className];
  if (!custom && CODE_LAYERS.has(className)) refuseCode(className, ctx.file);
  if (!custom && (MODEL_CLASSES.has(className) || registeredName === "Functional")) {
    if (!ctx.modelFromConfig) throw new ValueError(`${ctx.file}: nested model '${className}' cannot be built here.`);
    return ctx.modelFromConfig(e, { ...ctx, depth: ctx.depth + 1 });
  }
  let cls;
  try {
    cls = resolveClass("layers", className, registeredName, ctx.customObjects);
  } catch (err) {
    if (err instanceof ValueError) err.message = `${ctx.file}: ${err.message}`;
    throw err;
  }
  const raw = e.config;
  if (raw !== undefined && (raw === null || typeof raw !== "object" || Array.isArray(raw))) {
    throw new ValueError(`${ctx.file}: the config of layer class '${className}' must be an object, but received ${JSON.stringify(raw).slice(0, 120)}.`);
  }
  let config: Record<string, unknown> = { ...((raw as Record<string, unknown>) ?? {}) };
  config = fixKeras2Keys(className, config);
  if (ctx.legacy) config = applyLegacyActivations(className, config);
  const layerName = typeof config.name === "string" ? config.name : className;
  for (let attempt = 0; ; attempt++) {
    try {
      const layer = (cls.fromConfig ? cls.fromConfig(config, ctx.customObjects) : new cls(mapKeys(config, camelKey))) as unknown;
      if (!(layer instanceof Layer)) throw new ValueError(`${ctx.file}: class '${className}' did not produce a layer.`);
      return layer;
    } catch (err) {
      const m = err instanceof ValueError ? /unrecognized option '([^']+)'/.exec(err.message) : null;
      const key = m ? Object.keys(config).find((k) => k === m[1] || camelKey(k) === m[1]) : undefined;
      if (!key || attempt >= 32) {
        if (err instanceof ValueError) {
          err.message = `${ctx.file}: could not rebuild layer "${layerName}" (${className}) from its config: ${err.message}`;
        }
        throw err;
      }
      ctx.warnings.push(`layer "${layerName}" (${className}): ignored the config key '${key}' (${JSON.stringify(config[key])?.slice(0, 60)}), which keras-ts does not support.`);
      delete config[key];
    }
  }
}
