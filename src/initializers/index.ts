import { camelKey, mapKeys } from "../serialization/keys.js";
import { registerBuiltin, resolveClass, type CustomObjects } from "../serialization/registry.js";
import { ValueError } from "../util/errors.js";
import { closestMatch } from "../util/strings.js";
import { Constant, Ones, Zeros } from "./constant.js";
import { Identity } from "./identity.js";
import { Initializer } from "./initializer.js";
import { Orthogonal } from "./orthogonal.js";
import {
  GlorotNormal,
  GlorotUniform,
  HeNormal,
  HeUniform,
  LecunNormal,
  LecunUniform,
  RandomNormal,
  RandomUniform,
  TruncatedNormal,
  VarianceScaling,
} from "./random.js";

export { computeFans, Initializer } from "./initializer.js";
export { Constant, Identity, Ones, Orthogonal, Zeros };
export { GlorotNormal, GlorotUniform, HeNormal, HeUniform, LecunNormal, LecunUniform, RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling };

const CLASSES: Record<string, new (options?: any) => Initializer> = {
  Constant,
  Zeros,
  Ones,
  IdentityInitializer: Identity,
  Identity,
  Orthogonal,
  OrthogonalInitializer: Orthogonal,
  RandomNormal,
  RandomUniform,
  TruncatedNormal,
  VarianceScaling,
  GlorotUniform,
  GlorotNormal,
  HeNormal,
  HeUniform,
  LecunNormal,
  LecunUniform,
};
for (const [name, cls] of Object.entries(CLASSES)) registerBuiltin("initializers", name, cls as any);

/** Keras's string identifiers. */
const ALIASES: Record<string, string> = {
  constant: "Constant",
  zeros: "Zeros",
  zero: "Zeros",
  ones: "Ones",
  one: "Ones",
  identity: "Identity",
  normal: "RandomNormal",
  uniform: "RandomUniform",
  orthogonal: "Orthogonal",
  random_normal: "RandomNormal",
  random_uniform: "RandomUniform",
  truncated_normal: "TruncatedNormal",
  variance_scaling: "VarianceScaling",
  glorot_uniform: "GlorotUniform",
  glorot_normal: "GlorotNormal",
  he_normal: "HeNormal",
  he_uniform: "HeUniform",
  lecun_normal: "LecunNormal",
  lecun_uniform: "LecunUniform",
  // camelCase aliases
  randomNormal: "RandomNormal",
  randomUniform: "RandomUniform",
  truncatedNormal: "TruncatedNormal",
  varianceScaling: "VarianceScaling",
  glorotUniform: "GlorotUniform",
  glorotNormal: "GlorotNormal",
  heNormal: "HeNormal",
  heUniform: "HeUniform",
  lecunNormal: "LecunNormal",
  lecunUniform: "LecunUniform",
};

export type InitializerIdentifier = string | Initializer | { class_name: string; config?: Record<string, unknown>; registered_name?: string | null } | ((shape: readonly number[], dtype?: string) => unknown);

/** keras.initializers.get: a name, a config dict, or an instance → an Initializer. */
export function get(identifier: InitializerIdentifier | null | undefined, customObjects?: CustomObjects): Initializer | null {
  if (identifier === null || identifier === undefined) return null;
  if (identifier instanceof Initializer) return identifier;
  if (typeof identifier === "string") {
    const cls = CLASSES[ALIASES[identifier] ?? identifier];
    if (!cls) {
      const all = [...Object.keys(ALIASES).filter((k) => k.includes("_") || !/[A-Z]/.test(k)), ...Object.keys(CLASSES)];
      const hint = closestMatch(identifier, all);
      throw new ValueError(`Could not interpret initializer identifier: '${identifier}'.${hint ? ` Did you mean '${hint}'?` : ""}`);
    }
    return new cls();
  }
  if (typeof identifier === "object" && "class_name" in identifier) {
    const cls = resolveClass("initializers", identifier.class_name, identifier.registered_name, customObjects) as any;
    const config = mapKeys(identifier.config ?? {}, camelKey);
    if (cls.fromConfig) return cls.fromConfig(config);
    return cls === Constant ? new Constant(config.value as number) : new cls(config);
  }
  throw new ValueError(`Could not interpret initializer identifier: ${String(identifier)}.`);
}

/** Serializes an initializer the way Keras 3 writes it in config.json. */
export function serialize(init: Initializer | null): Record<string, unknown> | null {
  if (!init) return null;
  return { module: "keras.initializers", class_name: init.className, config: init.getConfig(), registered_name: null };
}
