import { ValueError } from "../util/errors.js";

/**
 * A model or weights file that cannot be read: truncated, corrupt, hostile (zip bomb, huge
 * declared shapes) or not a Keras file at all. The message names the file and what was wrong.
 */
export class FileFormatError extends ValueError {
  /** The file (path or a description such as `<bytes>`) the error is about. */
  readonly file: string;

  constructor(file: string, message: string) {
    super(`Cannot read ${file}: ${message}`);
    this.file = file;
  }
}
