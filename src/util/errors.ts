/**
 * Error classes named after their Python twins, so messages read like Keras's.
 * Every error a user can cause says what was expected and what was received.
 */
export class KerasError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A value has the right type but an inappropriate value (wrong shape, out of range, …). */
export class ValueError extends KerasError {}

/** A value has the wrong type (a string where a number was expected, an unknown dtype, …). */
export class KerasTypeError extends KerasError {}
