import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
/** Redistributable fixtures copied into the repo (see test/fixtures/keras/README.md). */
export const REPO_FIXTURES = join(here, "../fixtures/keras");
/** The full shared set, next to the repo when present. */
export const SHARED_FIXTURES = [join(here, "../../../shared/fixtures/keras"), "/work/shared/fixtures/keras"].find((p) => existsSync(p)) ?? null;

/** The path of a fixture: the repo copy first, else the shared one, else null. */
export function fixturePath(name: string): string | null {
  const local = join(REPO_FIXTURES, name);
  if (existsSync(local)) return local;
  if (SHARED_FIXTURES && existsSync(join(SHARED_FIXTURES, name))) return join(SHARED_FIXTURES, name);
  return null;
}

export function fixtureBytes(name: string): Uint8Array {
  const p = fixturePath(name);
  if (!p) throw new Error(`fixture ${name} not found`);
  return new Uint8Array(readFileSync(p));
}

/** Why a test that needs a shared-only fixture is skipped. */
export const SHARED_MISSING = "the shared Keras fixtures (../shared/fixtures/keras) are not present next to the repo";
