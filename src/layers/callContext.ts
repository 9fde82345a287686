/**
 * The call context: the `training` flag of the outermost layer call, propagated to nested
 * layers that are called without an explicit `training` (like Keras's CallContext).
 */
const stack: { training: boolean | undefined }[] = [];

export function currentTraining(): boolean | undefined {
  return stack.length ? stack[stack.length - 1]!.training : undefined;
}

export function withCallContext<T>(training: boolean | undefined, fn: () => T): T {
  stack.push({ training });
  try {
    return fn();
  } finally {
    stack.pop();
  }
}
